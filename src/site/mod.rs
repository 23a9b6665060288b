//! What every public page shares: who runs the site, its look, and the files its pages need.
//! Built once at start from the settings.

pub mod assets;
mod look;
mod privacy;

pub use assets::Assets;
pub use look::{Colour, Look};
pub use privacy::{BUILT_IN_VERSION, PrivacyNotice};

use crate::organisation::Organisation;

/// The site as the pages see it.
pub struct Site {
    pub organisation: Organisation,
    pub look: Look,
    pub assets: Assets,
    /// The stylesheets every page links, in order: the design system, its font, dialogo's
    /// own, and the operator's colour where set.
    pub stylesheets: Vec<String>,
}

impl Site {
    pub fn new(organisation: Organisation, look: Look) -> Self {
        let assets = Assets::build(look.theme_css());
        let stylesheets = [
            "vendor/kern-ux/kern.min.css",
            "vendor/kern-ux/fonts/fira-sans.css",
            "site.css",
            assets::THEME,
        ]
        .iter()
        .filter_map(|path| assets.url(path).map(str::to_owned))
        .collect();
        Self {
            organisation,
            look,
            assets,
            stylesheets,
        }
    }

    /// The sources of images the pages may show: their own, and the logo's origin.
    pub fn image_sources(&self) -> String {
        match &self.look.logo_url {
            Some(logo) => format!("'self' {}", logo.origin().ascii_serialization()),
            None => "'self'".to_owned(),
        }
    }
}
