fn main() -> color_eyre::Result<()> {
    color_eyre::install()?;
    gasdesk::db::configure_sqlite();
    gasdesk::cli::run()
}
