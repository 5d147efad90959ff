//! The WIP report's infractions as a spreadsheet reads them: one row per time a
//! soft limit was gone over, newest first, as the report page lists them.

use chrono::SecondsFormat;

use super::csv::row;
use super::wip::WipReportView;

const HEADER: [&str; 10] = [
    "when",
    "board",
    "limit",
    "load",
    "max",
    "card",
    "who",
    "reason",
    "back within the limit",
    "seconds over",
];

/// The report's infractions as CSV (RFC 4180, CRLF line ends); one still over
/// counts its seconds to when the report was read.
pub fn wip_csv(report: &WipReportView) -> String {
    let time = |at: chrono::DateTime<chrono::Utc>| at.to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut csv = row(HEADER.map(String::from));
    for infraction in &report.infractions {
        let end = infraction.resolved_at.unwrap_or(report.read_at);
        csv.push_str(&row([
            time(infraction.at),
            infraction.board.clone(),
            infraction.limit.clone(),
            infraction.load.to_string(),
            infraction.max.to_string(),
            infraction.item.clone(),
            infraction
                .who
                .clone()
                .unwrap_or_else(|| "a deleted user".into()),
            infraction.reason.clone(),
            infraction.resolved_at.map(time).unwrap_or_default(),
            (end - infraction.at).num_seconds().to_string(),
        ]));
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::wip::InfractionRow;

    fn at(time: &str) -> chrono::DateTime<chrono::Utc> {
        time.parse().unwrap()
    }

    #[test]
    fn each_infraction_is_a_row_and_one_still_over_counts_to_the_reading() {
        let infraction = |item: &str, who: Option<&str>, resolved: Option<&str>| InfractionRow {
            board: "Engine".into(),
            limit: "Doing".into(),
            max: 2,
            load: 3,
            item: item.into(),
            who: who.map(str::to_owned),
            reason: "Demo, \"Friday\"".into(),
            at: at("2026-11-27T09:00:00Z"),
            resolved_at: resolved.map(at),
        };
        let report = WipReportView {
            infractions: vec![
                infraction("=cmd()", Some("Ada Admin"), None),
                infraction("Motor mount", None, Some("2026-11-27T09:30:00Z")),
            ],
            over_now: Vec::new(),
            read_at: at("2026-11-27T10:00:00Z"),
        };
        let csv = wip_csv(&report);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines,
            [
                "when,board,limit,load,max,card,who,reason,back within the limit,seconds over",
                "2026-11-27T09:00:00Z,Engine,Doing,3,2,'=cmd(),Ada Admin,\"Demo, \"\"Friday\"\"\",,3600",
                "2026-11-27T09:00:00Z,Engine,Doing,3,2,Motor mount,a deleted user,\"Demo, \"\"Friday\"\"\",2026-11-27T09:30:00Z,1800",
                "",
            ]
        );
    }
}
