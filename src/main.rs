fn main() {
    println!("copydesk: command line front end in progress");
}
