//! The built-in catalog's embedded form: build.rs reads every file under `assets/catalog/` into the catalog types,
//! and writes them in this compact, self-describing encoding; start-up reads it back through serde. Being
//! self-describing, it carries the same shapes as JSON (so `#[serde(flatten)]`, defaults and unknown-field checks
//! work unchanged), but strings are length-prefixed and every list says how long it is: nothing is scanned for
//! quotes or escapes, and every list is allocated once at its final size.
//!
//! The buffer starts with the map keys (a count, then each key's length and bytes), each written once and named by
//! its index after that; then the text of every string value, one after the other (a length, then UTF-8 checked
//! once as a whole); then one value. A value is one tag byte, then: nothing (null, false, true); a LEB128 number
//! (unsigned, or zigzag for negative); 8 bytes of an f64; a length (string: its text is the next that many bytes of
//! the strings); a count and that many values (list); a count and that many pairs of a key index and a value (map). A
//! map leaves out null values.

use std::fmt;

use serde::de::{self, DeserializeSeed, Visitor};

const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const UNSIGNED: u8 = 3;
const NEGATIVE: u8 = 4;
const FLOAT: u8 = 5;
const STRING: u8 = 6;
const LIST: u8 = 7;
const MAP: u8 = 8;

/// Encodes a JSON value (what build.rs has after serialising the catalog).
#[cfg_attr(not(test), allow(dead_code))]
pub fn encode(value: &serde_json::Value) -> Vec<u8> {
    let mut keys = std::collections::BTreeSet::new();
    collect_keys(value, &mut keys);
    let keys: Vec<&str> = keys.into_iter().collect();
    let mut out = Vec::new();
    number(keys.len() as u64, &mut out);
    for key in &keys {
        text(key, &mut out);
    }
    let mut values = Vec::new();
    let mut strings = String::new();
    encode_value(value, &keys, &mut values, &mut strings);
    text(&strings, &mut out);
    out.extend_from_slice(&values);
    out
}

fn collect_keys<'v>(value: &'v serde_json::Value, keys: &mut std::collections::BTreeSet<&'v str>) {
    match value {
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_keys(v, keys)),
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                keys.insert(key);
                collect_keys(item, keys);
            }
        }
        _ => {}
    }
}

fn encode_value(value: &serde_json::Value, keys: &[&str], out: &mut Vec<u8>, strings: &mut String) {
    use serde_json::Value;
    match value {
        Value::Null => out.push(NULL),
        Value::Bool(false) => out.push(FALSE),
        Value::Bool(true) => out.push(TRUE),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                out.push(UNSIGNED);
                number(u, out);
            } else if let Some(i) = n.as_i64() {
                out.push(NEGATIVE);
                number(((i << 1) ^ (i >> 63)) as u64, out);
            } else {
                out.push(FLOAT);
                out.extend_from_slice(&n.as_f64().unwrap_or(f64::NAN).to_le_bytes());
            }
        }
        Value::String(s) => {
            out.push(STRING);
            number(s.len() as u64, out);
            strings.push_str(s);
        }
        Value::Array(items) => {
            out.push(LIST);
            number(items.len() as u64, out);
            for item in items {
                encode_value(item, keys, out, strings);
            }
        }
        // A null field is left out: the catalog's optional fields read a missing value as `None`.
        Value::Object(map) => {
            out.push(MAP);
            number(map.values().filter(|v| !v.is_null()).count() as u64, out);
            for (key, item) in map.iter().filter(|(_, v)| !v.is_null()) {
                let index = keys.binary_search(&key.as_str()).unwrap_or_default();
                number(index as u64, out);
                encode_value(item, keys, out, strings);
            }
        }
    }
}

fn number(mut n: u64, out: &mut Vec<u8>) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn text(s: &str, out: &mut Vec<u8>) {
    number(s.len() as u64, out);
    out.extend_from_slice(s.as_bytes());
}

/// Why the embedded catalog could not be read (only a build that wrote another format than this one reads).
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// Reads values from an encoded buffer.
pub struct Decoder<'de> {
    bytes: &'de [u8],
    at: usize,
    keys: Vec<&'de [u8]>,
    /// The text of every string value, and where the next one starts.
    strings: &'de str,
    next_string: usize,
}

impl<'de> Decoder<'de> {
    /// Reads the key table; the value follows.
    pub fn new(bytes: &'de [u8]) -> Result<Self, Error> {
        let mut decoder = Decoder {
            bytes,
            at: 0,
            keys: Vec::new(),
            strings: "",
            next_string: 0,
        };
        let count = decoder.count()?;
        let mut keys = Vec::with_capacity(count.min(bytes.len()));
        for _ in 0..count {
            keys.push(decoder.raw()?);
        }
        decoder.keys = keys;
        decoder.strings = std::str::from_utf8(decoder.raw()?).map_err(|e| Error(e.to_string()))?;
        Ok(decoder)
    }

    /// Fails unless the whole buffer was read.
    pub fn finish(&self) -> Result<(), Error> {
        if self.at == self.bytes.len() && self.next_string == self.strings.len() {
            Ok(())
        } else {
            Err(Error(format!(
                "{} bytes left over",
                self.bytes.len() - self.at
            )))
        }
    }

    fn end() -> Error {
        Error("the encoded catalog ends early".into())
    }

    // These readers run for every value: forced inline, as `opt-level = "z"` would not inline them.
    #[inline(always)]
    fn byte(&mut self) -> Result<u8, Error> {
        let b = *self.bytes.get(self.at).ok_or_else(Self::end)?;
        self.at += 1;
        Ok(b)
    }

    #[inline(always)]
    fn peek(&self) -> Result<u8, Error> {
        self.bytes.get(self.at).copied().ok_or_else(Self::end)
    }

    #[inline(always)]
    fn number(&mut self) -> Result<u64, Error> {
        // Nearly every count, index and length fits in one byte.
        let first = self.byte()?;
        if first < 0x80 {
            return Ok(u64::from(first));
        }
        let mut n = u64::from(first & 0x7f);
        let mut shift = 7;
        loop {
            let b = self.byte()?;
            if shift > 63 {
                return Err(Error("a number is too long".into()));
            }
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
            shift += 7;
        }
    }

    #[inline(always)]
    fn count(&mut self) -> Result<usize, Error> {
        usize::try_from(self.number()?).map_err(|_| Error("a count is too large".into()))
    }

    #[inline(always)]
    fn raw(&mut self) -> Result<&'de [u8], Error> {
        let len = self.count()?;
        let end = self.at.checked_add(len).ok_or_else(Self::end)?;
        let bytes = self.bytes.get(self.at..end).ok_or_else(Self::end)?;
        self.at = end;
        Ok(bytes)
    }

    #[inline]
    fn text(&mut self) -> Result<&'de str, Error> {
        let len = self.count()?;
        let end = self.next_string.checked_add(len).ok_or_else(Self::end)?;
        // Slicing at a character boundary keeps the text valid; anything else is a broken encoding.
        let text = self
            .strings
            .get(self.next_string..end)
            .ok_or_else(|| Error("a string is cut short or mid-character".into()))?;
        self.next_string = end;
        Ok(text)
    }
}

impl<'de> de::Deserializer<'de> for &mut Decoder<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.byte()? {
            NULL => visitor.visit_unit(),
            FALSE => visitor.visit_bool(false),
            TRUE => visitor.visit_bool(true),
            UNSIGNED => visitor.visit_u64(self.number()?),
            NEGATIVE => {
                let z = self.number()?;
                visitor.visit_i64(((z >> 1) as i64) ^ -((z & 1) as i64))
            }
            FLOAT => {
                let end = self.at + 8;
                let raw: [u8; 8] = self
                    .bytes
                    .get(self.at..end)
                    .and_then(|b| b.try_into().ok())
                    .ok_or_else(Decoder::end)?;
                self.at = end;
                visitor.visit_f64(f64::from_le_bytes(raw))
            }
            STRING => visitor.visit_borrowed_str(self.text()?),
            LIST => {
                let left = self.count()?;
                visitor.visit_seq(Items {
                    decoder: self,
                    left,
                })
            }
            MAP => {
                let left = self.count()?;
                visitor.visit_map(Items {
                    decoder: self,
                    left,
                })
            }
            tag => Err(Error(format!("unknown tag {tag}"))),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.peek()? == NULL {
            self.at += 1;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    /// As in JSON: a unit variant is its name, any other variant a map of its name to its content.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.byte()? {
            STRING => visitor.visit_enum(de::value::BorrowedStrDeserializer::new(self.text()?)),
            MAP if self.count()? == 1 => visitor.visit_enum(Variant { decoder: self }),
            _ => Err(Error("expected an enum variant".into())),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit unit_struct seq
        tuple tuple_struct map struct identifier ignored_any
    }
}

/// The items of a list, or the pairs of a map, still to read.
struct Items<'a, 'de> {
    decoder: &'a mut Decoder<'de>,
    left: usize,
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.decoder).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

impl<'de> de::MapAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        let index = self.decoder.count()?;
        let key = *self
            .decoder
            .keys
            .get(index)
            .ok_or_else(|| Error(format!("no key {index}")))?;
        seed.deserialize(Key(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(&mut *self.decoder)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

/// A map's key: a struct's field name is matched as bytes (the derived field visitors take bytes), which saves a
/// UTF-8 check per field; a key read as anything else is checked text.
struct Key<'de>(&'de [u8]);

impl<'de> de::Deserializer<'de> for Key<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(std::str::from_utf8(self.0).map_err(|e| Error(e.to_string()))?)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_bytes(self.0)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit unit_struct
        newtype_struct seq tuple tuple_struct map struct enum ignored_any
    }
}

/// A variant with content: `{ name: content }`.
struct Variant<'a, 'de> {
    decoder: &'a mut Decoder<'de>,
}

impl<'a, 'de> de::EnumAccess<'de> for Variant<'a, 'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Self), Error> {
        let name = self.decoder.text()?;
        let value = seed.deserialize(de::value::BorrowedStrDeserializer::<Error>::new(name))?;
        Ok((value, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, 'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        de::Deserialize::deserialize(&mut *self.decoder)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(&mut *self.decoder)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_any(&mut *self.decoder, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_any(&mut *self.decoder, visitor)
    }
}
