//! Assurance reviews: list, create, edit, actions, sign-off.
