-- States that had signed the ICESCR and had never become party to it, on 31 December 2025.
SELECT p.code AS participant, p.name AS participant_name
FROM panel x
JOIN participants p ON p.code = x.participant
WHERE x.treaty = 'icescr' AND x.year = 2025 AND x.kind = 'state'
  AND x.signatory AND NOT x.party AND x.consent_date IS NULL
ORDER BY p.code
