//! One value of an Arrow column as JSON, as the loaders read GeoJSON properties: numbers,
//! text, booleans, dates as `YYYY-MM-DD`, timestamps as ISO date-times at their zone's local
//! time, dictionary-encoded values as their values, lists and structs as arrays and objects.

use arrow_array::Array;
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_schema::{DataType, TimeUnit};
use serde_json::{Map, Value, json};

fn float(x: f64) -> Value {
    serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
}

fn timestamp(v: i64, unit: &TimeUnit, tz: Option<&str>) -> Result<String, String> {
    let ts = match unit {
        TimeUnit::Second => jiff::Timestamp::from_second(v),
        TimeUnit::Millisecond => jiff::Timestamp::from_millisecond(v),
        TimeUnit::Microsecond => jiff::Timestamp::from_microsecond(v),
        TimeUnit::Nanosecond => jiff::Timestamp::from_nanosecond(i128::from(v)),
    }
    .map_err(|e| format!("timestamp {v}: {e}"))?;
    // A naive timestamp is a wall-clock time (taken as UTC); a zoned one is read in its zone,
    // so that the date is the local date.
    let zone = match tz {
        None => jiff::tz::TimeZone::UTC,
        Some(t) => jiff::tz::TimeZone::get(t)
            .ok()
            .or_else(|| fixed_offset(t).map(jiff::tz::TimeZone::fixed))
            .ok_or_else(|| format!("time zone {t:?} is not known"))?,
    };
    Ok(ts.to_zoned_datetime(zone).datetime().to_string())
}

/// An offset as Arrow writes a fixed time zone: `+05:00`, `-0300`, `+05`.
fn fixed_offset(t: &str) -> Option<jiff::tz::Offset> {
    let sign = match t.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = t[1..].chars().filter(|c| *c != ':').collect();
    if !(digits.len() == 2 || digits.len() == 4) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = digits.get(2..).map_or(Some(0), |m| m.parse().ok())?;
    jiff::tz::Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()
}

/// One value of a column as JSON (dates as `YYYY-MM-DD`, timestamps as ISO date-times); `json`
/// says the column holds JSON text (`arrow.json`).
pub fn value_at(a: &dyn Array, i: usize, json: bool) -> Result<Value, String> {
    if a.is_null(i) {
        return Ok(Value::Null);
    }
    let text = |s: &str| {
        if json {
            serde_json::from_str(s).unwrap_or_else(|_| Value::String(s.to_string()))
        } else {
            Value::String(s.to_string())
        }
    };
    Ok(match a.data_type() {
        DataType::Boolean => Value::Bool(a.as_boolean().value(i)),
        DataType::Int8 => json!(a.as_primitive::<Int8Type>().value(i)),
        DataType::Int16 => json!(a.as_primitive::<Int16Type>().value(i)),
        DataType::Int32 => json!(a.as_primitive::<Int32Type>().value(i)),
        DataType::Int64 => json!(a.as_primitive::<Int64Type>().value(i)),
        DataType::UInt8 => json!(a.as_primitive::<UInt8Type>().value(i)),
        DataType::UInt16 => json!(a.as_primitive::<UInt16Type>().value(i)),
        DataType::UInt32 => json!(a.as_primitive::<UInt32Type>().value(i)),
        DataType::UInt64 => json!(a.as_primitive::<UInt64Type>().value(i)),
        DataType::Float32 => float(f64::from(a.as_primitive::<Float32Type>().value(i))),
        DataType::Float64 => float(a.as_primitive::<Float64Type>().value(i)),
        DataType::Utf8 => text(a.as_string::<i32>().value(i)),
        DataType::LargeUtf8 => text(a.as_string::<i64>().value(i)),
        DataType::Utf8View => text(a.as_string_view().value(i)),
        DataType::Date32 => {
            let days = a.as_primitive::<Date32Type>().value(i);
            let d = jiff::civil::date(1970, 1, 1)
                .checked_add(jiff::Span::new().days(i64::from(days)))
                .map_err(|e| format!("date {days}: {e}"))?;
            Value::String(d.to_string())
        }
        DataType::Date64 => {
            let ms = a.as_primitive::<Date64Type>().value(i);
            Value::String(timestamp(ms, &TimeUnit::Millisecond, None)?[..10].to_string())
        }
        DataType::Timestamp(unit, tz) => {
            let v = match unit {
                TimeUnit::Second => a.as_primitive::<TimestampSecondType>().value(i),
                TimeUnit::Millisecond => a.as_primitive::<TimestampMillisecondType>().value(i),
                TimeUnit::Microsecond => a.as_primitive::<TimestampMicrosecondType>().value(i),
                TimeUnit::Nanosecond => a.as_primitive::<TimestampNanosecondType>().value(i),
            };
            Value::String(timestamp(v, unit, tz.as_deref())?)
        }
        DataType::Dictionary(..) => {
            // pandas categoricals come back dictionary-encoded.
            let d = a.as_any_dictionary();
            let k = d.normalized_keys()[i];
            return value_at(d.values().as_ref(), k, json);
        }
        DataType::List(_) | DataType::LargeList(_) | DataType::FixedSizeList(..) => {
            let items = match a.data_type() {
                DataType::List(_) => a.as_list::<i32>().value(i),
                DataType::LargeList(_) => a.as_list::<i64>().value(i),
                _ => a.as_fixed_size_list().value(i),
            };
            Value::Array(
                (0..items.len())
                    .map(|k| value_at(items.as_ref(), k, false))
                    .collect::<Result<_, _>>()?,
            )
        }
        DataType::Struct(fields) => {
            let s = a.as_struct();
            let mut m = Map::new();
            for (k, f) in fields.iter().enumerate() {
                m.insert(f.name().clone(), value_at(s.column(k).as_ref(), i, false)?);
            }
            Value::Object(m)
        }
        t => return Err(format!("is of type {t}, which borderscope does not read")),
    })
}
