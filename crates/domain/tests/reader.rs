use assure_domain::reader::{Source, read};

fn show(files: &[(&str, &str)]) {
    let sources: Vec<Source<'_>> = files.iter().map(|(n, t)| Source::new(n, t)).collect();
    match read(&sources) {
        Ok(r) => println!(
            "OK {} posts {} designations {:?}",
            r.posts.len(),
            r.designations.len(),
            r.designations
                .iter()
                .map(|d| d.council.to_string())
                .collect::<Vec<_>>()
        ),
        Err(es) => {
            for e in es {
                println!("{:?} | {e}", e.kind)
            }
        }
    }
    println!("---");
}

#[test]
fn explore() {
    let base = "format = \"assure/v1\"\n\n[[organisations]]\nid = \"coventry\"\nname = \"C\"\nkind = \"metropolitan_district\"\n\n[[posts]]\nid = \"p\"\ntitle = \"T\"\n\n[[posts]]\nid = \"p\"\ntitle = \"T\"\n";
    show(&[("a.toml", base)]);
    show(&[(
        "a.toml",
        "format = \"assure/v1\"\n[[designations]]\nrole = \"dcs\"\npost = \"p\"\nfrom = 2019-13-01\n",
    )]);
    show(&[(
        "a.toml",
        "format = \"assure/v1\"\n[[designations]]\nrole = \"dcs\"\npost = \"p\"\nfrom = 2019-02-30\n",
    )]);
    show(&[(
        "a.toml",
        "format = \"assure/v1\"\n[[designations]]\nrole = \"dcs\"\npost = \"p\"\nfrom = 2019-02-1\n",
    )]);
    show(&[(
        "a.toml",
        "format = \"assure/v1\"\n\n[[reviews]]\nid = \"r\"\nkind = \"audit\"\nroles = [\"dcs\"]\nstarted = 2019-01-01\n\n[[reviews.approvals]]\nname = \"N\"\nkind = \"approver\"\n",
    )]);
    show(&[(
        "a.json",
        "{\n  \"format\": \"assure/v1\",\n  \"organisations\": [\n    {\"id\": \"coventry\", \"name\": \"C\", \"kind\": \"metropolitan_district\", \"to\": null}\n  ],\n  \"posts\": [{\"id\": \"p\", \"title\": \"T\", \"org\": null}],\n  \"designations\": [{\"council\": null, \"role\": \"dcs\", \"post\": \"p\", \"from\": \"2019-01-01\", \"to\": null}]\n}\n",
    )]);
    show(&[(
        "a.json",
        "{\n  \"format\": \"assure/v1\",\n  \"organisations\": [\n    {\"id\": \"coventry\", \"name\": \"C\", \"kind\": \"metropolitan_district\"}\n  ],\n  \"posts\": [{\"id\": \"p\", \"title\": \"T\"}],\n  \"designations\": [{\"council\": null, \"role\": \"dcs\", \"post\": \"p\", \"from\": \"2019-01-01\"}]\n}\n",
    )]);
    show(&[(
        "a.json",
        "{\n  \"format\": \"assure/v1\",\n  \"organisations\": [\n    {\"id\": \"coventry\", \"name\": \"C\", \"kind\": \"metropolitan_district\"}\n  ],\n  \"posts\": [{\"id\": \"p\", \"title\": \"T\"}],\n  \"designations\": [{\"role\": \"dcs\", \"post\": \"p\", \"from\": \"2019-01-01\", \"to\": null}]\n}\n",
    )]);
    show(&[(
        "a.json",
        "{\n  \"format\": \"assure/v1\",\n  \"organisations\": [\n    {\"id\": \"coventry\" \"name\": \"C\"}\n  ]\n}\n",
    )]);
}
