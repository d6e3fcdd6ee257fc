//! Scratch crate: `--no-default-features` = borderscope's deps only (baseline);
//! default feature `parquet` = + parquet/arrow and the GeoParquet demo.
#[cfg(feature = "parquet")]
mod demo;
#[cfg(feature = "parquet")]
mod geoparquet;
#[cfg(feature = "parquet")]
mod wkb;

#[cfg(feature = "parquet")]
fn main() -> anyhow::Result<()> {
    demo::main()
}

#[cfg(not(feature = "parquet"))]
fn main() {
    eprintln!("built without the `parquet` feature");
}
