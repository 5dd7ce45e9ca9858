//! The JSON API under `/api/v1`, described by OpenAPI at `/api/openapi.json`.
