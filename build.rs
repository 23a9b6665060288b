//! Rebuilds when a migration or a locale file is added: `embed_migrations!` and `include_dir!`
//! include the files they find, but Cargo only watches files a build already included, not new
//! files and directories beside them.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=locales");
}
