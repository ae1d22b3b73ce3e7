// Every record relationship with its JSON document (HAS_LEVEL and BROADER
// are derived from Level and Group documents, so they carry none).
MATCH ()-[r:REQUIRES|LEADS_TO|HIRES|TRANSITIONS_TO|SIMILAR_TO|BUILDS_ON]->()
RETURN type(r) AS type, r.doc AS doc
