// Tests only: with wipe, brings a throwaway database back to empty: the
// version and the change log, whose versions would otherwise repeat.
MATCH (v:CareerGraphVersion|CareerGraphChange)
DELETE v
RETURN count(*) AS deleted
