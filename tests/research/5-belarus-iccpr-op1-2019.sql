-- Was Belarus party to the first Optional Protocol to the ICCPR on 31 December 2019? (It
-- acceded in 1992 and denounced it in 2022.)
SELECT participant, year, party, in_force, consent_action, consent_date
FROM panel
WHERE treaty = 'iccpr-op1' AND participant = 'BLR' AND year = 2019
