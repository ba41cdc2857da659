-- States party to all nine core treaties (treaties.core) on 31 December 2025, from the
-- country-year panel. (A fixed date keeps the answer fixed as the ledger grows; `status`
-- answers the same for the release's own date.)
SELECT p.code AS participant, p.name AS participant_name
FROM panel x
JOIN participants p ON p.code = x.participant
WHERE x.year = 2025 AND x.core_treaty AND x.party AND x.kind = 'state'
GROUP BY p.code, p.name
HAVING COUNT(*) = 9
ORDER BY p.code
