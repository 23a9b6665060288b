//! A request's hold on the pool, for requests that spend part of their time waiting for
//! others: registrants' writes wait while another request writes their batch.

use diesel::r2d2::{PoolError, PooledConnection};

use super::connection::{ConnectionManager, DbConnection, Pool};

/// A connection of the pool, taken when the request first needs one and given back while it
/// waits. A request that held its connection while its batch was written by another would
/// keep it from those with work to do: the pool's size, not the load, would then bound how
/// many requests a batch can carry.
pub struct Lease {
    pool: Pool,
    conn: Option<PooledConnection<ConnectionManager>>,
}

impl Lease {
    pub fn new(pool: Pool) -> Self {
        Self { pool, conn: None }
    }

    /// The connection, taken from the pool unless held already.
    pub fn conn(&mut self) -> Result<&mut DbConnection, PoolError> {
        let conn = match self.conn.take() {
            Some(conn) => conn,
            None => self.pool.get()?,
        };
        Ok(self.conn.insert(conn))
    }

    /// Gives the connection back to the pool until it is needed again.
    pub fn release(&mut self) {
        self.conn = None;
    }
}

#[cfg(test)]
mod tests {
    use super::Lease;
    use crate::config::DatabaseUrl;
    use crate::db::connect_pool;

    #[test]
    fn a_lease_holds_a_connection_only_between_taking_and_releasing_it() {
        let dir = tempfile::tempdir().unwrap();
        let pool = connect_pool(&DatabaseUrl::Sqlite(dir.path().join("lease.db")), 1).unwrap();
        let mut lease = Lease::new(pool.clone());
        assert_eq!(pool.state().idle_connections, 1);
        lease.conn().unwrap();
        lease.conn().unwrap();
        assert_eq!(pool.state().idle_connections, 0);
        lease.release();
        assert_eq!(pool.state().idle_connections, 1);
        // The one connection is free for another request meanwhile.
        drop(pool.get().unwrap());
        lease.conn().unwrap();
        assert_eq!(pool.state().connections, 1);
    }
}
