//! Docker/OCI image references.
