fn main() -> color_eyre::Result<()> {
    color_eyre::install()?;
    gasdesk::cli::run()
}
