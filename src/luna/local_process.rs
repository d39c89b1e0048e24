//! LunaCM as a local process on the client host.
//! (being written)
