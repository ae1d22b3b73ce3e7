// After the schema statements: wait (up to 60 s) until every index and
// constraint is online.
CALL db.awaitIndexes(60)
