//! Trust metadata on the built demo: who publishes the data, whom to ask and as of when in every
//! page's footer and in the open-data passport; expired plans marked wherever plans are listed;
//! a plan's summary counts equal to its status chips.

use super::{build_into_temp, demo_root, files_below};

#[test]
fn every_page_names_the_publisher_the_contact_and_the_data_date() {
    let (_tmp, site) = build_into_temp(&demo_root());
    let sentence = "<p class=\"trust\">Данные публикует Демонстрационный портал oko (результаты придуманы), вопросы: <a href=\"mailto:oko-demo@example.org\">oko-demo@example.org</a>, данные на 30 июня 2023, открытые данные — по лицензии <a href=\"https://creativecommons.org/licenses/by/4.0/deed.ru\">CC BY 4.0</a>.</p>";
    let pages: Vec<String> = files_below(&site)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert!(pages.len() > 40, "{}", pages.len());
    for page in &pages {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        assert!(
            html.contains(sentence),
            "{page} lacks the footer's sentence"
        );
    }
    let meta = std::fs::read_to_string(site.join("opendata/meta.csv")).unwrap();
    for row in [
        "\ncreator,Демонстрационный портал oko (результаты придуманы)\n",
        "\npublishername,Демонстрационный портал oko (результаты придуманы)\n",
        "\npublishermbox,oko-demo@example.org\n",
        "\nlicense,CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/deed.ru)\n",
        "\nvalid,2023-06-30\n",
    ] {
        assert!(meta.contains(row), "meta.csv lacks {row:?}");
    }
    assert!(
        !meta.contains("publisherphone"),
        "the demo's contact has no phone"
    );
}

#[test]
fn the_expired_system_plan_is_marked_where_it_is_listed_and_on_its_page() {
    let (_tmp, site) = build_into_temp(&demo_root());
    let read = |p: &str| std::fs::read_to_string(site.join(p)).unwrap();
    let chip = "<span class=\"status status-expired\">срок плана истёк</span>";
    // The region's 2020–2022 system plan ended on 31 December 2022, before as_of (30 June 2023).
    let system = read("region/kbr/plan/2020-2022/index.html");
    assert!(system.contains(&format!("{chip} Период плана закончился 31 декабря 2022, раньше даты, на которую показаны данные (30 июня 2023)")));
    for listing in ["index.html", "region/kbr/index.html"] {
        let html = read(listing);
        let item = html
            .split("<li>")
            .find(|li| li.contains("plan/2020-2022/index.html"))
            .unwrap_or_else(|| panic!("{listing} lists the system plan"));
        assert!(item.contains(chip), "{listing}: {item}");
    }
    // The school year 2022–2023 ends on 31 August 2023: its plans are current.
    for current in [
        "school/sch070102/plan/2022-2023/index.html",
        "municipality/chegem/plan/2022-2023/index.html",
    ] {
        assert!(!read(current).contains("status-expired"), "{current}");
    }
    assert!(!read("municipality/chegem/index.html").contains("status-expired"));
}

/// The number after a tally item's chip `class`, on a plan page.
fn tally(html: &str, class: &str) -> usize {
    let list = html
        .split("<ul class=\"tally\">")
        .nth(1)
        .unwrap()
        .split("</ul>")
        .next()
        .unwrap();
    list.split("<li>")
        .find(|li| li.contains(&format!("\"status {class}\"")))
        .map_or(0, |li| {
            let after = li.split("</span>").nth(1).unwrap().trim();
            let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().unwrap()
        })
}

#[test]
fn a_plans_summary_counts_equal_its_status_chips() {
    let (_tmp, site) = build_into_temp(&demo_root());
    let mut checked = 0;
    for page in files_below(&site)
        .into_iter()
        .filter(|f| f.contains("/plan/"))
    {
        let html = std::fs::read_to_string(site.join(&page)).unwrap();
        if !html.contains("class=\"tally\"") {
            continue;
        }
        let measures = html
            .split("<ol class=\"measures\">")
            .skip(1)
            .collect::<String>();
        for class in [
            "status-done",
            "status-in_progress",
            "status-planned",
            "status-cancelled",
            "status-overdue",
        ] {
            let chips = measures.matches(&format!("\"status {class}\"")).count();
            assert_eq!(tally(&html, class), chips, "{page}: {class}");
        }
        checked += 1;
    }
    assert_eq!(checked, 4, "the demo's four plans of measures");
    // The plan the issue saw: «запланировано 0» above three «запланировано» chips.
    let html =
        std::fs::read_to_string(site.join("school/sch070102/plan/2022-2023/index.html")).unwrap();
    assert_eq!(
        [
            tally(&html, "status-done"),
            tally(&html, "status-in_progress"),
            tally(&html, "status-planned"),
            tally(&html, "status-overdue")
        ],
        [5, 3, 3, 5]
    );
}
