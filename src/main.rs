fn main() {
    std::process::exit(chibo::cli::run());
}
