-- OP-ICESCR: States and organizations that became party in each year from 2020 to 2025 (years
-- with none show 0), from the country-year panel: party on 31 December of the year, with the
-- instrument of consent dated in that year.
SELECT year,
       SUM(CASE WHEN party AND EXTRACT(YEAR FROM consent_date) = year THEN 1 ELSE 0 END) AS new_parties
FROM panel
WHERE treaty = 'op-icescr' AND year BETWEEN 2020 AND 2025
GROUP BY year
ORDER BY year
