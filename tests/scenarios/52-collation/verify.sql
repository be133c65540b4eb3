SELECT code FROM item ORDER BY code
