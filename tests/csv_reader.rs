//! The parallel CSV reader against the `csv` crate. The block reader cuts a stream into blocks
//! of whole records so that workers can parse them in parallel; whatever the input, the block
//! sizes and the terminator, the records it gives (their fields, the line each starts on, the
//! lines each spans) must be exactly those a sequential `csv::Reader` reads from the whole
//! stream, except that a record longer than the block limit is reported as too long (with its
//! line and the lines it spans) instead of being held in memory.
//!
//! Inputs are adversarial: quotes anywhere (stray ones inside unquoted fields, doubled ones,
//! unclosed ones), delimiters, LF, CR and CRLF mixed, bytes that are not UTF-8.
//!
//! Each block is read both by the `csv` crate (`for_each_raw_record`, the reference) and by the
//! bitmask splitter (`csv_split`, what the reading uses), and both must give those records;
//! incidents read from adversarial rows must be the same by either.

use borderscope::IncidentColumns;
use borderscope::io::csv_blocks::{Block, CsvBlocks, Dialect, for_each_raw_record};
use borderscope::io::csv_split;
use borderscope::io::{BlockParser, CsvLayout};
use proptest::prelude::*;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Record {
        line: u64,
        lines: u64,
        fields: Vec<Vec<u8>>,
    },
    TooLong {
        line: u64,
        lines: u64,
    },
    Unreadable {
        line: u64,
    },
}

/// What the block reader gives, and a check that the blocks cover the stream exactly.
fn by_blocks(input: &[u8], dialect: Dialect, target: usize, max_block: usize) -> Vec<Item> {
    let mut reader = CsvBlocks::with_dialect(input, 1, 0, dialect).with_max_block(max_block);
    let mut items = Vec::new();
    let mut offset = 0u64;
    while let Some(block) = reader.next_block(target).expect("reading memory") {
        assert_eq!(block.offset, offset, "blocks must follow each other");
        if let Some(o) = block.oversized {
            offset += o.len;
            items.push(Item::TooLong {
                line: o.line,
                lines: o.lines,
            });
            continue;
        }
        offset += block.bytes.len() as u64;
        assert_eq!(
            &input[block.offset as usize..offset as usize],
            &block.bytes[..]
        );
        let mut by_csv = Vec::new();
        for_each_raw_record(&block, dialect, |r| {
            by_csv.push(match r.fields {
                Ok(rec) => Item::Record {
                    line: r.line,
                    lines: r.lines,
                    fields: rec.iter().map(<[u8]>::to_vec).collect(),
                },
                Err(_) => Item::Unreadable { line: r.line },
            })
        });
        let mut by_split = Vec::new();
        csv_split::for_each_record(&block, dialect, |r| {
            by_split.push(Item::Record {
                line: r.line,
                lines: r.lines,
                fields: r.fields.iter().map(<[u8]>::to_vec).collect(),
            })
        });
        assert_eq!(by_split, by_csv, "the splitter and csv::Reader differ");
        items.extend(by_csv);
    }
    assert_eq!(offset, input.len() as u64, "the blocks cover the stream");
    items
}

/// What `csv::Reader` reads from the whole stream, with records longer than `max_block`
/// (from their first byte to the end of their terminator) reported as too long.
fn sequential(input: &[u8], dialect: Dialect, max_block: usize) -> Vec<Item> {
    let term = dialect.terminator;
    let mut rdr = dialect.reader_builder().from_reader(input);
    let mut rec = csv::ByteRecord::new();
    let mut items = Vec::new();
    let mut prev_end = 0usize;
    loop {
        let more = rdr.read_byte_record(&mut rec);
        let end = rdr.position().byte() as usize;
        match more {
            Ok(false) => break,
            Ok(true) => {}
            Err(_) => {
                items.push(Item::Unreadable { line: 0 });
                break;
            }
        }
        // Blank lines before the record are skipped by the reader.
        let mut start = prev_end;
        while start < input.len() && input[start] == term {
            start += 1;
        }
        let count = |b: &[u8]| b.iter().filter(|&&c| c == term).count() as u64;
        let line = 1 + count(&input[..start]);
        let own = &input[start..end];
        let lines = count(own) + u64::from(own.last() != Some(&term));
        items.push(if end - start > max_block {
            Item::TooLong { line, lines }
        } else {
            Item::Record {
                line,
                lines,
                fields: rec.iter().map(<[u8]>::to_vec).collect(),
            }
        });
        prev_end = end;
    }
    items
}

/// Bytes that matter to a CSV reader, often; others sometimes.
fn adversarial() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![
        30 => Just(b'a'),
        14 => Just(b','),
        3 => Just(b';'),
        3 => Just(b'\t'),
        16 => Just(b'"'),
        14 => Just(b'\n'),
        10 => Just(b'\r'),
        4 => Just(b' '),
        4 => Just(b'\''),
        2 => Just(0xff_u8),
        2 => any::<u8>(),
    ];
    prop::collection::vec(byte, 0..300)
}

/// How many inputs to generate: `PROPTEST_CASES` when set (more, for a long run), else `n`.
fn cases(n: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n)
}

fn limit() -> impl Strategy<Value = usize> {
    prop_oneof![1..120usize, Just(1 << 20)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(10_000), ..ProptestConfig::default() })]

    /// The acceptance criterion: ≥ 10,000 generated adversarial files, both terminators, block
    /// targets and limits from 1 byte up.
    #[test]
    fn the_block_reader_reads_what_csv_reader_reads(
        input in adversarial(),
        cr in any::<bool>(),
        delimiter in prop_oneof![6 => Just(b','), 1 => Just(b';'), 1 => Just(b'\t')],
        target in 1..90usize,
        max_block in limit(),
    ) {
        let dialect = Dialect { delimiter, terminator: if cr { b'\r' } else { b'\n' } };
        let max_block = max_block.max(target);
        prop_assert_eq!(
            by_blocks(&input, dialect, target, max_block),
            sequential(&input, dialect, max_block)
        );
    }
}

/// The examples of the issue this reader was rewritten for, spelled out.
#[test]
fn a_stray_quote_in_an_unquoted_field_loses_nothing() {
    let mut input = Vec::new();
    for i in 0..2000 {
        let note = if i % 7 == 3 { "5'11\" tall" } else { "plain" };
        input.extend_from_slice(format!("{i},{note},x\n").as_bytes());
    }
    let d = Dialect::default();
    for target in [1, 13, 100, 4096] {
        let got = by_blocks(&input, d, target, 1 << 20);
        assert_eq!(got.len(), 2000);
        assert_eq!(got, sequential(&input, d, 1 << 20));
        assert!(
            got.iter()
                .all(|i| matches!(i, Item::Record { fields, .. } if fields.len() == 3))
        );
    }
}

#[test]
fn lone_cr_line_ends_are_records() {
    let input = b"1,a\r2,\"b\rc\"\r3,d\r";
    let d = Dialect {
        delimiter: b',',
        terminator: b'\r',
    };
    let got = by_blocks(input, d, 2, 1 << 20);
    assert_eq!(
        got,
        [
            Item::Record {
                line: 1,
                lines: 1,
                fields: vec![b"1".to_vec(), b"a".to_vec()]
            },
            Item::Record {
                line: 2,
                lines: 2,
                fields: vec![b"2".to_vec(), b"b\rc".to_vec()]
            },
            Item::Record {
                line: 4,
                lines: 1,
                fields: vec![b"3".to_vec(), b"d".to_vec()]
            },
        ]
    );
}

#[test]
fn a_bare_cr_inside_a_field_of_an_lf_file_is_a_character() {
    let input = b"1,a\rb,c\r\n2,d,e\r\n";
    let got = by_blocks(input, Dialect::default(), 1, 1 << 20);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(matches!(&got[0], Item::Record { fields, .. } if fields[1] == b"a\rb"));
}

/// Long adversarial inputs in one block, so that quotes and line ends fall on every side of
/// the splitter's 64-byte steps, long quoted fields among them.
fn long_adversarial() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        20 => Just(&b"aaaaaaaaaaaaa"[..]),
        10 => Just(&b","[..]),
        6 => Just(&b"\n"[..]),
        3 => Just(&b"\r\n"[..]),
        2 => Just(&b"\r"[..]),
        6 => Just(&b"\"quoted, with a comma\""[..]),
        3 => Just(&b"\"doubled \"\"quotes\"\" inside\""[..]),
        2 => Just(&b"\"line\nbreak\r\ninside\""[..]),
        2 => Just(&b"5'11\""[..]),
        2 => Just(&b"\"closed\"after"[..]),
        2 => Just(&b"\""[..]),
        1 => Just(&b"\"\""[..]),
        1 => Just(&b";\t"[..]),
        1 => Just(&b"\xff\xfe"[..]),
    ];
    prop::collection::vec(piece, 0..120).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(4_000), ..ProptestConfig::default() })]

    #[test]
    fn the_splitter_reads_long_blocks_as_csv_reader_does(
        input in long_adversarial(),
        cr in any::<bool>(),
        delimiter in prop_oneof![Just(b','), Just(b';'), Just(b'\t')],
    ) {
        let dialect = Dialect { delimiter, terminator: if cr { b'\r' } else { b'\n' } };
        prop_assert_eq!(
            by_blocks(&input, dialect, 1 << 20, 1 << 20),
            sequential(&input, dialect, 1 << 20)
        );
    }

    /// Incidents and row errors, their lines and spans, are the same whichever reader split
    /// the rows.
    #[test]
    fn incidents_are_the_same_by_either_reader(
        rows in prop::collection::vec(prop::collection::vec(prop_oneof![
            8 => Just("KGZ1"),
            8 => Just("2022-09-16"),
            6 => Just("39.95"),
            6 => Just("70.53"),
            3 => Just("\"70.53\""),
            3 => Just("2"),
            3 => Just(""),
            3 => Just(","),
            2 => Just("\"a, b\""),
            2 => Just("\"x\"\"y\""),
            2 => Just("5'11\""),
            2 => Just("\"q\"z"),
            2 => Just("\n"),
            2 => Just("\r\n"),
            1 => Just("\r"),
            1 => Just("\""),
            1 => Just(" "),
            1 => Just("Political violence"),
        ], 0..14), 0..12),
    ) {
        let header = "event_id_cnty,event_date,latitude,longitude,fatalities,notes"
            .split(',')
            .map(str::to_string)
            .collect();
        let layout = CsvLayout::from_header(header, "t.csv", &IncidentColumns::default()).unwrap();
        let mut text = String::new();
        for row in rows {
            // Mostly six fields, as the header has.
            text.push_str(&row.join(if row.len() % 3 == 0 { "" } else { "," }));
            text.push('\n');
        }
        let block = Block::records(text.into_bytes(), 2, 100);
        let show = |parser| {
            layout
                .parse_block_by(&block, "t.csv", parser)
                .into_iter()
                .map(|(r, span)| format!("{r:?} {span:?}"))
                .collect::<Vec<_>>()
        };
        prop_assert_eq!(show(BlockParser::Bitmask), show(BlockParser::CsvReader));
    }
}
