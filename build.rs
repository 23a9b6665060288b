//! Rebuilds when a migration is added: `embed_migrations!` includes the files it finds, but
//! Cargo only watches files a build already included, not new directories beside them.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
