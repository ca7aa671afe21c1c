INSERT OVERWRITE DIRECTORY '${OUT}'
SELECT user_id, score(features) AS churn_score
FROM features
WHERE ds = '${SCORE_DATE}';
