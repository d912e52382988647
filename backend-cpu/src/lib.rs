//! CPU backend (work in progress).
