-- CRPD: States party on 31 December of each year from its opening (2007) to 2025; the European
-- Union, an organization, is not counted.
SELECT year,
       SUM(CASE WHEN party AND kind = 'state' THEN 1 ELSE 0 END) AS states_parties
FROM panel
WHERE treaty = 'crpd' AND year <= 2025
GROUP BY year
ORDER BY year
