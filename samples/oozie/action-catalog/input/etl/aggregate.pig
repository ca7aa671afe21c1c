tokens = LOAD '$INPUT' USING PigStorage('\t') AS (word:chararray, n:long);
grouped = GROUP tokens BY word;
totals = FOREACH grouped GENERATE group AS word, SUM(tokens.n) AS n;
STORE totals INTO '$OUTPUT' USING PigStorage('\t');
