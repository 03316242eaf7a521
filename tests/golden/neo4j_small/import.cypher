// cartograph graph for Neo4j 5: cypher-shell -f import.cypher (idempotent: safe to run twice)
CREATE CONSTRAINT cartograph_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
UNWIND [
  {id: 'HGNC:1633', props: {name: 'CD19', type: 'antigen', iri: 'https://identifiers.org/hgnc:1633', synonyms: ['CD19 molecule'], xrefs: ['UniProtKB:P15391']}},
  {id: 'HGNC:1667', props: {name: 'CD38', type: 'antigen', iri: 'https://identifiers.org/hgnc:1667'}}
] AS row
MERGE (n:Entity {id: row.id})
SET n:Antigen
SET n += row.props;
UNWIND [
  {id: 'CL:0000236', props: {name: 'B cell', type: 'cell_type', iri: 'http://purl.obolibrary.org/obo/CL_0000236', synonyms: ['B cells', 'B lymphocyte']}},
  {id: 'CL:0000974', props: {name: 'long lived plasma cell', type: 'cell_type', iri: 'http://purl.obolibrary.org/obo/CL_0000974', synonyms: ['LLPC']}}
] AS row
MERGE (n:Entity {id: row.id})
SET n:CellType
SET n += row.props;
UNWIND [
  {id: 'MONDO:0005404', props: {name: 'chronic fatigue syndrome', type: 'disease', iri: 'http://purl.obolibrary.org/obo/MONDO_0005404', synonyms: ['ME/CFS']}},
  {id: 'MONDO:0007915', props: {name: 'systemic lupus erythematosus', type: 'disease', iri: 'http://purl.obolibrary.org/obo/MONDO_0007915', synonyms: ['SLE', 'lupus'], xrefs: ['DOID:9074']}}
] AS row
MERGE (n:Entity {id: row.id})
SET n:Disease
SET n += row.props;
UNWIND [
  {id: 'drugbank:DB00073', props: {name: 'Rituximab', type: 'drug', iri: 'https://go.drugbank.com/drugs/DB00073', synonyms: ['Rituxan', 'RTX'], xrefs: ['MESH:D000069283']}},
  {id: 'drugbank:DB09331', props: {name: 'Daratumumab', type: 'drug', iri: 'https://go.drugbank.com/drugs/DB09331', synonyms: ['Darzalex']}},
  {id: 'kg:cart-cd19', props: {name: 'CD19 CAR-T cell therapy', type: 'drug', iri: 'https://w3id.org/cartograph/entity/cart-cd19', synonyms: ['CD19 CAR T cells']}}
] AS row
MERGE (n:Entity {id: row.id})
SET n:Drug
SET n += row.props;
UNWIND [
  {start: 'kg:cart-cd19', end: 'MONDO:0005404', props: {statement_id: '5b957c738e4eb768', predicate: 'causes', polarity: 'negated', certainty: 'asserted', negated: true, fact: false, support: 1, belief: 0.3, contested: false, documents: ['doc-b'], evidence_id: ['a4bb4a5f6cef0ec0'], evidence_text: ['It did not cause ME/CFS.'], evidence_document: ['doc-b'], evidence_document_kind: ['forum'], evidence_start: [300], evidence_end: [324], evidence_extractor: ['rules.v1']}}
] AS row
MATCH (s:Entity {id: row.start})
MATCH (o:Entity {id: row.end})
MERGE (s)-[r:CAUSES {statement_id: row.props.statement_id}]->(o)
SET r += row.props;
UNWIND [
  {start: 'drugbank:DB00073', end: 'CL:0000236', props: {statement_id: '9f34dcd8f3e0dd36', predicate: 'depletes', polarity: 'positive', certainty: 'asserted', negated: false, fact: true, support: 1, belief: 0.7, contested: false, documents: ['doc-a'], evidence_id: ['68bf6c2f98123ff9'], evidence_text: ['Rituximab depletes B cells.'], evidence_document: ['doc-a'], evidence_document_kind: ['abstract'], evidence_start: [80], evidence_end: [107], evidence_extractor: ['rules.v1']}},
  {start: 'drugbank:DB09331', end: 'CL:0000974', props: {statement_id: '77a75d14c791cc42', predicate: 'depletes', polarity: 'positive', certainty: 'hypothesised', negated: false, fact: false, support: 1, belief: 0.09, contested: false, documents: ['doc-b'], evidence_id: ['205c216dbd0bbcf4'], evidence_text: ['Daratumumab might get rid of long lived plasma cells.'], evidence_document: ['doc-b'], evidence_document_kind: ['forum'], evidence_start: [60], evidence_end: [113], evidence_extractor: ['rules.v1']}}
] AS row
MATCH (s:Entity {id: row.start})
MATCH (o:Entity {id: row.end})
MERGE (s)-[r:DEPLETES {statement_id: row.props.statement_id}]->(o)
SET r += row.props;
UNWIND [
  {start: 'CL:0000236', end: 'HGNC:1633', props: {statement_id: 'c30ce3bb8ef704e0', predicate: 'expresses', polarity: 'positive', certainty: 'asserted', negated: false, fact: true, support: 1, belief: 0.7, contested: false, documents: ['doc-a'], evidence_id: ['b37453f4690f66bf'], evidence_text: ['B cells express CD19.'], evidence_document: ['doc-a'], evidence_document_kind: ['abstract'], evidence_start: [240], evidence_end: [261], evidence_extractor: ['rules.v1']}}
] AS row
MATCH (s:Entity {id: row.start})
MATCH (o:Entity {id: row.end})
MERGE (s)-[r:EXPRESSES {statement_id: row.props.statement_id}]->(o)
SET r += row.props;
UNWIND [
  {start: 'drugbank:DB09331', end: 'HGNC:1667', props: {statement_id: '236c85311327dd92', predicate: 'targets', polarity: 'positive', certainty: 'asserted', negated: false, fact: true, support: 1, belief: 0.7, contested: false, documents: ['doc-a'], evidence_id: ['19b84166532aa5f6'], evidence_text: ['Daratumumab targets CD38.'], evidence_document: ['doc-a'], evidence_document_kind: ['abstract'], evidence_start: [200], evidence_end: [225], evidence_extractor: ['rules.v1']}},
  {start: 'kg:cart-cd19', end: 'HGNC:1633', props: {statement_id: '93cb77d3943cb725', predicate: 'targets', polarity: 'positive', certainty: 'asserted', negated: false, fact: true, support: 1, belief: 0.7, contested: false, documents: ['doc-a'], evidence_id: ['585de6c7eae5f0b1'], evidence_text: ['CD19 CAR T cells target CD19.'], evidence_document: ['doc-a'], evidence_document_kind: ['abstract'], evidence_start: [0], evidence_end: [29], evidence_extractor: ['rules.v1']}}
] AS row
MATCH (s:Entity {id: row.start})
MATCH (o:Entity {id: row.end})
MERGE (s)-[r:TARGETS {statement_id: row.props.statement_id}]->(o)
SET r += row.props;
UNWIND [
  {start: 'drugbank:DB00073', end: 'MONDO:0005404', props: {statement_id: 'bb5ebac149f31cc5', predicate: 'treats', polarity: 'negated', certainty: 'asserted', negated: true, fact: false, support: 1, belief: 0.3, contested: true, documents: ['doc-b'], evidence_id: ['041014f15b338eef'], evidence_text: ['Rituximab failed in ME/CFS.'], evidence_document: ['doc-b'], evidence_document_kind: ['forum'], evidence_start: [0], evidence_end: [27], evidence_extractor: ['rules.v1']}},
  {start: 'drugbank:DB00073', end: 'MONDO:0005404', props: {statement_id: 'd9692887a92b25a5', predicate: 'treats', polarity: 'positive', certainty: 'hypothesised', negated: false, fact: false, support: 1, belief: 0.09, contested: true, documents: ['doc-b'], evidence_id: ['9f56ed20f16c6aaa'], evidence_text: ['Rituximab might help ME/CFS.'], evidence_document: ['doc-b'], evidence_document_kind: ['forum'], evidence_start: [30], evidence_end: [58], evidence_extractor: ['rules.v1']}},
  {start: 'drugbank:DB09331', end: 'MONDO:0007915', props: {statement_id: '15d1bd2d073f3490', predicate: 'treats', polarity: 'positive', certainty: 'investigational', negated: false, fact: false, support: 1, belief: 0.42, contested: false, documents: ['doc-a'], evidence_id: ['fb747a6ba01a9ee1'], evidence_text: ['Phase II trials of daratumumab in lupus are under way.'], evidence_document: ['doc-a'], evidence_document_kind: ['abstract'], evidence_start: [120], evidence_end: [174], evidence_extractor: ['rules.v1']}},
  {start: 'kg:cart-cd19', end: 'MONDO:0007915', props: {statement_id: '849cceee2051ba22', predicate: 'treats', polarity: 'positive', certainty: 'asserted', negated: false, fact: true, support: 1, belief: 0.7, contested: false, documents: ['doc-a'], evidence_id: ['c6fe231371424b5a'], evidence_text: ['CD19 CAR T cells treated lupus.'], evidence_document: ['doc-a'], evidence_document_kind: ['abstract'], evidence_start: [40], evidence_end: [71], evidence_extractor: ['rules.v1']}}
] AS row
MATCH (s:Entity {id: row.start})
MATCH (o:Entity {id: row.end})
MERGE (s)-[r:TREATS {statement_id: row.props.statement_id}]->(o)
SET r += row.props;
