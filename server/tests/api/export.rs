//! `GET /boards/{board_id}/cards.csv`: a board's cards as CSV, narrowed as its
//! page is, with every cell safe to open in a spreadsheet.

use crate::helpers::{DemoIds, TestApp, DEMO_PASSWORD, TINA};

#[tokio::test]
async fn a_board_downloads_as_csv_narrowed_as_its_page() {
    let mut app = TestApp::with_demo().await;
    app.sign_in(TINA, DEMO_PASSWORD).await;
    let DemoIds {
        team,
        team_board,
        team_to_do: to_do,
        ..
    } = DemoIds::read(&app).await;
    // A title a spreadsheet would run as a formula.
    let added = app
        .call(
            "add_card",
            &[
                ("board_id", &team_board),
                ("column_id", &to_do),
                (
                    "title",
                    "=HYPERLINK(\"http://evil.example\",\"Payload, v2\")",
                ),
            ],
        )
        .await;
    assert_eq!(added.status(), 200);

    let response = app.get(&format!("/boards/{team_board}/cards.csv")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    assert_eq!(
        response.headers()["content-disposition"],
        "attachment; filename=\"software.csv\""
    );
    let csv = response.text().await.unwrap();
    let rows: Vec<&str> = csv.split_terminator("\r\n").collect();
    assert!(
        rows[0].starts_with("id,column,state,title,type,holder,"),
        "{}",
        rows[0]
    );
    assert!(
        csv.contains(",To Do,not_started,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Payload, v2\"\")\",Story,"),
        "{csv}"
    );
    assert!(csv.contains(",In Progress,started,Tune flight controller for a 40 kg payload,Story,Lena Berg,5,Standard,"), "{csv}");

    // Narrowed by the page's own query: Lena's cards only.
    let lenas = app
        .get(&format!("/boards/{team_board}/cards.csv?owner=lena"))
        .await
        .text()
        .await
        .unwrap();
    let titles: Vec<&str> = lenas
        .split_terminator("\r\n")
        .skip(1)
        .map(|row| row.split(',').nth(3).unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Tune flight controller for a 40 kg payload",
            "Altitude drifts with a heavy payload"
        ]
    );

    // The board page links to the export of what it shows.
    let page = app.page(&format!("/teams/{team}?owner=lena")).await;
    assert!(
        page.contains(&format!(
            "href=\"/boards/{team_board}/cards.csv?owner=lena\""
        )),
        "{page}"
    );

    for missing in [uuid::Uuid::nil().to_string(), "not-a-board".to_owned()] {
        let response = app.get(&format!("/boards/{missing}/cards.csv")).await;
        assert_eq!(response.status(), 404, "{missing}");
    }
}
