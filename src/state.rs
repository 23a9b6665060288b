use std::sync::Arc;

use actix_web::web;

use crate::config::Settings;
use crate::db::{DbConnection, Pool};
use crate::error::ApiError;

/// What every handler may use.
#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub settings: Arc<Settings>,
}

impl AppState {
    /// Runs blocking database work on the blocking pool, never on the async executor.
    pub async fn db<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            work(&mut conn)
        })
        .await?
    }
}
