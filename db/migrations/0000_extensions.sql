-- Trigram search over building addresses (typo- and word-order-tolerant).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
