import java.io.File;
import java.util.List;
import java.util.stream.Collectors;

import org.semanticweb.HermiT.ReasonerFactory;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.io.OWLParserException;
import org.semanticweb.owlapi.model.AxiomType;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLDocumentFormat;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.semanticweb.owlapi.reasoner.OWLReasoner;

/**
 * Load an OWL file with the OWL API (the library Protege is built on), the way Protege
 * does, in strict mode; print what the parser could not read, the OWL 2 DL profile
 * violations, and HermiT's consistency verdict.
 *
 * Output, one fact per line (parsed by tests/test_owl.py):
 *   format: RDF/XML Syntax
 *   axioms: N            (and "axioms.TYPE: N" / "annotated.TYPE: N" per axiom type)
 *   unparsed: N          (triples the RDF/XML parser could not turn into axioms)
 *   violation: TEXT      (one per OWL 2 DL profile violation)
 *   dl: true|false
 *   consistent: true|false
 * Exit 0 when the file parsed, is in OWL 2 DL and is consistent; 1 otherwise; 2 on a parse error.
 */
public final class OwlCheck {
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: OwlCheck FILE.owl");
            System.exit(64);
        }
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
                .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.THROW_EXCEPTION)
                .setStrict(true)
                .setReportStackTraces(false);
        OWLOntology ontology;
        try {
            ontology = manager.loadOntologyFromOntologyDocument(
                    new FileDocumentSource(new File(args[0])), config);
        } catch (Exception e) {
            System.out.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        OWLDocumentFormat format = manager.getOntologyFormat(ontology);
        System.out.println("format: " + (format == null ? "unknown" : format.getKey()));
        System.out.println("axioms: " + ontology.getAxiomCount());
        for (AxiomType<?> type : AxiomType.AXIOM_TYPES) {
            int n = ontology.getAxiomCount(type);
            if (n > 0) {
                System.out.println("axioms." + type.getName() + ": " + n);
                long annotated = ontology.getAxioms(type).stream().filter(a -> a.isAnnotated()).count();
                if (annotated > 0) {
                    System.out.println("annotated." + type.getName() + ": " + annotated);
                }
            }
        }
        int unparsed = 0;
        if (format != null) {
            if (format.getOntologyLoaderMetaData().isPresent()) {
                unparsed = (int) format.getOntologyLoaderMetaData().get().getUnparsedTriples().count();
                format.getOntologyLoaderMetaData().get().getUnparsedTriples()
                        .forEach(t -> System.out.println("unparsed-triple: " + t));
            }
        }
        System.out.println("unparsed: " + unparsed);
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        List<String> violations = report.getViolations().stream()
                .map(OWLProfileViolation::toString)
                .map(s -> s.replace('\n', ' '))
                .sorted()
                .collect(Collectors.toList());
        for (String v : violations) {
            System.out.println("violation: " + v);
        }
        System.out.println("dl: " + report.isInProfile());
        OWLReasoner reasoner = new ReasonerFactory().createReasoner(ontology);
        boolean consistent = reasoner.isConsistent();
        System.out.println("consistent: " + consistent);
        reasoner.dispose();
        System.exit(report.isInProfile() && consistent && unparsed == 0 ? 0 : 1);
    }
}
