// Tests only: with wipe, brings a throwaway database back to empty.
MATCH (v:CareerGraphVersion)
DELETE v
RETURN count(*) AS deleted
