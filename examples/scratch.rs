fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let r = serde_saphyr::from_str::<serde_json::Value>(&text);
    match r {
        Ok(_) => println!("ok"),
        Err(e) => {
            println!("DEBUG: {:?}", e);
            println!("LOC: {:?}", e.location());
            println!("LOCS: {:?}", e.locations());
            println!(
                "RENDER: {}",
                e.render_with_options(
                    serde_saphyr::render_options! { snippets: serde_saphyr::SnippetMode::Off, }
                )
            );
        }
    }
}
