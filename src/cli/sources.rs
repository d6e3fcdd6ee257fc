//! Flags that choose the data a command works on: the frontier, the gazetteer, the incidents.

use std::path::PathBuf;

use borderscope::embedded;
use borderscope::io::{IncidentColumns, IncidentReader, load_settlements, open_incidents};
use borderscope::model::Incident;
use borderscope::model::{Frontier, Settlement};
use clap::Args;

#[derive(Debug, Args)]
pub struct SourceArgs {
    /// Frontier file (GeoJSON segments); default: the built-in Kyrgyzstan–Tajikistan frontier.
    #[arg(long, value_name = "FILE")]
    pub border: Option<PathBuf>,
    /// Settlement gazetteer (GeoJSON points with a `name`); default: the built-in one.
    #[arg(long, value_name = "FILE")]
    pub settlements: Option<PathBuf>,
}

impl SourceArgs {
    pub fn frontier(&self) -> anyhow::Result<Frontier> {
        super::frontier(self.border.as_deref())
    }

    pub fn settlements(&self) -> anyhow::Result<Vec<Settlement>> {
        match &self.settlements {
            Some(path) => Ok(load_settlements(path)?),
            None => Ok(embedded::kg_tj_settlements()),
        }
    }
}

#[derive(Debug, Args)]
pub struct IncidentArgs {
    /// Incident file: GeoJSON points, an ACLED or UCDP GED CSV export (recognised by their
    /// headers), or any CSV with the columns named below; default: the built-in incidents.
    #[arg(long, value_name = "FILE")]
    pub incidents: Option<PathBuf>,
    /// Column (or GeoJSON property) holding the id.
    #[arg(long, value_name = "NAME")]
    pub id_col: Option<String>,
    /// Column holding the date (YYYY-MM-DD, or "15 January 2010").
    #[arg(long, value_name = "NAME")]
    pub date_col: Option<String>,
    /// Column holding the latitude.
    #[arg(long, value_name = "NAME")]
    pub lat_col: Option<String>,
    /// Column holding the longitude.
    #[arg(long, value_name = "NAME")]
    pub lon_col: Option<String>,
    /// Column holding the number killed.
    #[arg(long, value_name = "NAME")]
    pub fatalities_col: Option<String>,
}

impl IncidentArgs {
    pub fn columns(&self) -> IncidentColumns {
        IncidentColumns {
            id: self.id_col.clone(),
            date: self.date_col.clone(),
            lat: self.lat_col.clone(),
            lon: self.lon_col.clone(),
            fatalities: self.fatalities_col.clone(),
        }
    }

    pub fn open(&self) -> anyhow::Result<IncidentReader> {
        match &self.incidents {
            Some(path) => Ok(open_incidents(path, &self.columns())?),
            None => Ok(embedded::kg_tj_incidents()?),
        }
    }
}

/// Reads all incidents of the chosen file, skipping bad rows with a warning naming each (the
/// first ten) and a count.
pub fn read_incidents(args: &IncidentArgs) -> anyhow::Result<Vec<Incident>> {
    let mut incidents = Vec::new();
    let mut skipped = 0u64;
    for r in args.open()? {
        match r {
            Ok(i) => incidents.push(i),
            Err(e) if e.is_row_error() => {
                skipped += 1;
                if skipped <= 10 {
                    eprintln!("borderscope: warning: {e} (row skipped)");
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    if skipped > 0 {
        eprintln!(
            "borderscope: warning: {skipped} row(s) skipped in all, {} read",
            incidents.len()
        );
    }
    Ok(incidents)
}

/// Whether a file is JSON (GeoJSON) rather than CSV, by its first bytes.
pub fn is_json(path: &std::path::Path) -> std::io::Result<bool> {
    use std::io::Read as _;
    let mut head = [0u8; 512];
    let mut f = std::fs::File::open(path)?;
    let n = f.read(&mut head)?;
    Ok(head[..n]
        .iter()
        .copied()
        .find(|b| !(b.is_ascii_whitespace() || matches!(b, 0xEF | 0xBB | 0xBF)))
        == Some(b'{'))
}
