fn main() -> std::io::Result<()> {
    if std::env::args().skip(1).all(|a| a == "--stdio") {
        return copydesk::lsp::run_stdio();
    }
    println!("copydesk: command line front end in progress");
    Ok(())
}
