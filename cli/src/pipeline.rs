//! `kassa replay`'s pipeline: one reader, N workers and one writer, with bounded memory and the input's order.
//!
//! The reader cuts the input into batches of lines and numbers them; workers replay whole batches (each cart
//! through `kassa_core::replay`, which decides everything) into JSON lines and a partial summary; the writer
//! writes the batches in their order. A batch may only be read once a token is free, and its token comes back
//! when the batch is written, so at most `TOKENS_PER_THREAD x threads` batches are in memory at any time,
//! whatever the input's length or a slow batch; the output order is the input order.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::sync::mpsc::{channel, sync_channel, Receiver};
use std::sync::{Arc, Mutex};

use kassa_core::{replay, Engine};

use crate::args::Options;
use crate::input::{is_blank, read_cart};
use crate::progress::Progress;
use crate::summary::Summary;

/// Lines per batch: large enough that passing a batch costs nothing next to replaying it (~100 µs a cart),
/// small enough that the writer stays busy.
const BATCH_LINES: usize = 256;
/// Batches in flight per worker thread (read and not yet written).
const TOKENS_PER_THREAD: usize = 4;

struct Batch {
    seq: u64,
    /// The number of the batch's first line, from 1.
    first_line: u64,
    lines: Vec<Vec<u8>>,
    bytes: u64,
}

struct Done {
    seq: u64,
    out: Vec<u8>,
    carts: u64,
    bytes: u64,
}

/// Runs `kassa replay` as the options say.
pub fn run(o: &Options) -> Result<(), String> {
    let (old, old_name) = load(&o.old)?;
    let (new, new_name) = load(&o.new)?;
    let (input, size): (Box<dyn Read + Send>, Option<u64>) = match &o.carts {
        Some(p) => {
            let f = File::open(p).map_err(|e| format!("{}: {e}", p.display()))?;
            let size = f.metadata().ok().map(|m| m.len());
            (Box::new(f), size)
        }
        None => (Box::new(std::io::stdin()), None),
    };
    let output: Box<dyn Write + Send> = match &o.output {
        Some(p) => Box::new(File::create(p).map_err(|e| format!("{}: {e}", p.display()))?),
        None => Box::new(std::io::stdout()),
    };
    let progress = Progress::new(o.quiet, size);
    let input = BufReader::with_capacity(1 << 20, input);
    let output = BufWriter::with_capacity(1 << 20, output);
    let summary = replay_all(&old, &new, input, output, o.threads, progress)?;
    if let Some(p) = &o.summary {
        std::fs::write(p, summary.to_json()).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    if !o.quiet {
        let table = summary.to_table(&old_name, &new_name);
        if o.output.is_some() {
            print!("{table}");
        } else {
            eprint!("{table}");
        }
    }
    Ok(())
}

/// A rulebook file, loaded, and its name for the summary ("kassa-demo-store 2026-11-01").
fn load(path: &Path) -> Result<(Engine, String), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let engine = Engine::load(&text).map_err(|e| {
        let mut m = format!("{}: {e}", path.display());
        for p in &e.problems {
            m.push_str(&format!("\n  {} at {}: {}", p.code, p.path, p.message));
        }
        m
    })?;
    let info = engine.info();
    Ok((
        engine,
        format!("{} {}", info.rulebook_id, info.rulebook_version),
    ))
}

/// Replays every line of `input` into `output` on `threads` workers; returns the summary.
pub fn replay_all<R: BufRead, W: Write + Send>(
    old: &Engine,
    new: &Engine,
    mut input: R,
    output: W,
    threads: usize,
    progress: Progress,
) -> Result<Summary, String> {
    let threads = threads.max(1);
    let (tok_tx, tok_rx) = sync_channel::<()>(TOKENS_PER_THREAD * threads);
    for _ in 0..TOKENS_PER_THREAD * threads {
        let _ = tok_tx.send(());
    }
    let (work_tx, work_rx) = sync_channel::<Batch>(threads);
    let work_rx = Arc::new(Mutex::new(work_rx));
    let (done_tx, done_rx) = channel::<Done>();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (rx, tx) = (Arc::clone(&work_rx), done_tx.clone());
                scope.spawn(move || work(old, new, &rx, &tx))
            })
            .collect();
        // Only the workers hold the queue's receiver and the writer's sender from here on, so a writer that
        // stops ends the workers, and workers that stop end the reader.
        drop(work_rx);
        drop(done_tx);
        let writer = scope.spawn(move || write_in_order(output, done_rx, tok_tx, progress));
        let read = read_batches(&mut input, &tok_rx, |b| work_tx.send(b).is_ok());
        drop(work_tx); // the workers finish the queue and stop
        let mut summary = Summary::default();
        let mut failure = read.err();
        for w in workers {
            match w.join() {
                Ok(Ok(part)) => {
                    if let Err(e) = summary.merge(&part) {
                        failure.get_or_insert(e);
                    }
                }
                Ok(Err(e)) => {
                    failure.get_or_insert(e);
                }
                Err(_) => {
                    failure.get_or_insert("a worker thread panicked".into());
                }
            }
        }
        let written = match writer.join() {
            Ok(r) => r,
            Err(_) => Err("the writer thread panicked".into()),
        };
        match (failure, written) {
            (_, Err(e)) | (Some(e), _) => Err(e),
            (None, Ok(carts)) if carts != summary.carts() => Err(format!(
                "wrote {carts} records for {} carts",
                summary.carts()
            )),
            (None, Ok(_)) => Ok(summary),
        }
    })
}

/// Reads batches until the input ends, the writer stops (no token comes back) or `send` fails.
fn read_batches<R: BufRead>(
    input: &mut R,
    tokens: &Receiver<()>,
    mut send: impl FnMut(Batch) -> bool,
) -> Result<(), String> {
    let (mut seq, mut line) = (0u64, 1u64);
    loop {
        if tokens.recv().is_err() {
            return Ok(()); // the writer stopped; it reports why
        }
        let mut batch = Batch {
            seq,
            first_line: line,
            lines: Vec::with_capacity(BATCH_LINES),
            bytes: 0,
        };
        while batch.lines.len() < BATCH_LINES {
            let mut buf = Vec::new();
            let n = input
                .read_until(b'\n', &mut buf)
                .map_err(|e| format!("reading the carts: {e}"))?;
            if n == 0 {
                break;
            }
            batch.bytes += n as u64;
            if buf.last() == Some(&b'\n') {
                buf.pop();
            }
            batch.lines.push(buf);
        }
        let (count, end) = (batch.lines.len() as u64, batch.lines.len() < BATCH_LINES);
        if count > 0 && !send(batch) {
            return Ok(());
        }
        if end {
            return Ok(());
        }
        seq += 1;
        line += count;
    }
}

/// A worker: replays batches until the queue closes; returns its partial summary.
fn work(
    old: &Engine,
    new: &Engine,
    queue: &Mutex<Receiver<Batch>>,
    done: &std::sync::mpsc::Sender<Done>,
) -> Result<Summary, String> {
    let mut summary = Summary::default();
    // A failure is kept for the end: every batch still goes to the writer, which waits for each in turn.
    let mut failure = None;
    loop {
        let next = match queue.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return Err("the work queue is poisoned".into()),
        };
        let Ok(batch) = next else {
            return failure.map_or(Ok(summary), Err);
        };
        let mut out = Vec::with_capacity(batch.lines.len() * 512);
        let mut carts = 0;
        for (i, text) in batch.lines.iter().enumerate() {
            if is_blank(text) {
                continue;
            }
            let line = batch.first_line + i as u64;
            let record = match read_cart(text) {
                Ok(cart) => replay::replay(old, new, line, &cart)
                    .unwrap_or_else(|e| replay::not_replayed(line, &e)),
                Err(e) => replay::not_replayed(line, &e),
            };
            if let Err(e) = summary.add(&record) {
                failure.get_or_insert(e);
            }
            if let Err(e) = serde_json::to_writer(&mut out, &record) {
                failure.get_or_insert(e.to_string());
            }
            out.push(b'\n');
            carts += 1;
        }
        let finished = Done {
            seq: batch.seq,
            out,
            carts,
            bytes: batch.bytes,
        };
        if done.send(finished).is_err() {
            return failure.map_or(Ok(summary), Err); // the writer stopped; it reports why
        }
    }
}

/// Writes finished batches in sequence order, hands a token back for each, and returns the records written.
fn write_in_order<W: Write>(
    mut output: W,
    done: Receiver<Done>,
    tokens: std::sync::mpsc::SyncSender<()>,
    mut progress: Progress,
) -> Result<u64, String> {
    let mut waiting: BTreeMap<u64, Done> = BTreeMap::new();
    let (mut next, mut carts, mut bytes) = (0u64, 0u64, 0u64);
    for d in done {
        waiting.insert(d.seq, d);
        while let Some(d) = waiting.remove(&next) {
            output
                .write_all(&d.out)
                .map_err(|e| format!("writing the records: {e}"))?;
            carts += d.carts;
            bytes += d.bytes;
            next += 1;
            let _ = tokens.send(());
            progress.update(carts, bytes);
        }
    }
    output
        .flush()
        .map_err(|e| format!("writing the records: {e}"))?;
    progress.finish();
    if !waiting.is_empty() {
        return Err("a batch was lost between the workers and the writer".into());
    }
    Ok(carts)
}
