//! Prints the filing draft of each file given (development aid; the product
//! command is `zhixing intake parse FILE`).
fn main() {
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        match zhixing_intake::parse_bytes(&bytes) {
            Ok(d) => println!("== {path}\n{}", d.to_json_pretty()),
            Err(e) => eprintln!("{path}: {e}"),
        }
    }
}
