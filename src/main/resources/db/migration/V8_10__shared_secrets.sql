-- Secrets every node of one installation must agree on (issue 16): the digest nonce key, so a
-- challenge a phone got from node A is answered on node B. Created once by the first node that
-- needs it (SharedSecrets); a row is never changed afterwards. Base64 of random bytes.
CREATE TABLE shared_secrets (
    name        VARCHAR(64)   NOT NULL PRIMARY KEY,
    secret      VARCHAR(200)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
