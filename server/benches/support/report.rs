//! `make bench`'s one table. Every bench adds its headline figures to the file
//! `BENCH_REPORT` names (nothing when it names none, as under a lone `cargo bench`),
//! one Markdown row each: the figure, its ratio to the same server's no-op request
//! measured in the same bench, and the machine's load when it was taken.
//! `scripts/bench-table.sh` prints the rows of a whole run under one heading.

use std::io::Write;
use std::time::Duration;

use super::{Figures, ServerCpu};

/// The server's no-op request (`POST /api/current_user`, anonymous), measured
/// the two ways figures are compared with it: many clients at once (rates and CPU
/// per request) and one client alone (the time one request takes).
pub struct Yardstick {
    pub concurrent: Figures,
    pub clients: usize,
    pub alone: Duration,
}

impl Yardstick {
    /// Measures the no-op of the server at `base` with `clients` at once, its CPU
    /// counted as `server` says (as the figures compared with it are).
    pub async fn measure(base: &str, clients: usize, server: ServerCpu) -> Yardstick {
        let concurrent = super::noop(base, clients, 2_000 / clients, server).await;
        let alone = super::noop(base, 1, 500, server).await.p50;
        Yardstick {
            concurrent,
            clients,
            alone,
        }
    }
}

/// How a figure compares with the no-op.
pub enum Ratio {
    /// Requests (or items) a second, with as many clients as the yardstick's.
    Rate(f64),
    /// CPU time a request, measured as the yardstick's was.
    Cpu(Duration),
    /// The time one request (or one step of one client) takes.
    Time(Duration),
    /// Sizes, memory and commands outside the server: no request to compare with.
    None,
}

/// One bench's rows.
pub struct Report<'a> {
    bench: &'static str,
    yardstick: Option<&'a Yardstick>,
}

impl<'a> Report<'a> {
    pub fn new(bench: &'static str, yardstick: Option<&'a Yardstick>) -> Report<'a> {
        Report { bench, yardstick }
    }

    /// The yardstick's rate with many clients (for a bench's own table).
    pub fn noop_per_second(&self) -> f64 {
        self.yardstick
            .map_or(f64::NAN, |noop| noop.concurrent.per_second)
    }

    /// Adds the row "`what` | `figure` | its ratio" to the run's table.
    pub fn figure(&self, what: &str, figure: &str, ratio: Ratio) {
        let Some(path) = std::env::var_os("BENCH_REPORT") else {
            return;
        };
        let row = format!(
            "| {what} | {figure} | {} | {} | `cargo bench -p server --bench {}` |\n",
            self.ratio(ratio),
            load_average(),
            self.bench
        );
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut file| file.write_all(row.as_bytes()))
            .expect("the bench report is writable");
    }

    fn ratio(&self, ratio: Ratio) -> String {
        let Some(noop) = self.yardstick else {
            return "—".to_owned();
        };
        let ms = |time: Duration| time.as_secs_f64() * 1e3;
        match ratio {
            Ratio::Rate(per_second) => format!(
                "{:.1} % of its {:.0}/s ({} clients)",
                100.0 * per_second / noop.concurrent.per_second,
                noop.concurrent.per_second,
                noop.clients
            ),
            Ratio::Cpu(cpu) => format!(
                "{:.0}× its {:.3} ms",
                cpu.as_secs_f64() / noop.concurrent.cpu_per_request.as_secs_f64(),
                ms(noop.concurrent.cpu_per_request)
            ),
            Ratio::Time(time) => format!(
                "{:.0}× its {:.2} ms (one client)",
                time.as_secs_f64() / noop.alone.as_secs_f64(),
                ms(noop.alone)
            ),
            Ratio::None => "—".to_owned(),
        }
    }
}

/// The machine's load average over the last minute.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|line| line.split(' ').next().map(str::to_owned))
        .unwrap_or_else(|| "?".to_owned())
}
