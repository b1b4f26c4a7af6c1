//! `Port`: a TCP port, 1 to 65535. Parsed in one place with one message, for flags, answers files, the wizard's
//! fields and detection alike; in TOML it is a plain integer.

use std::{fmt, num::NonZeroU16, str::FromStr};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u16")]
pub struct Port(NonZeroU16);

impl Port {
    /// The port `n`, unless `n` is 0.
    pub const fn new(n: u16) -> Option<Port> {
        match NonZeroU16::new(n) {
            Some(n) => Some(Port(n)),
            None => None,
        }
    }

    pub const fn get(self) -> u16 {
        self.0.get()
    }
}

fn not_a_port(shown: &str) -> String {
    format!("`{shown}` is not a port; use 1 to 65535")
}

impl FromStr for Port {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        text.trim()
            .parse::<u16>()
            .ok()
            .and_then(Port::new)
            .ok_or_else(|| not_a_port(&crate::validate::shown(text)))
    }
}

impl TryFrom<i64> for Port {
    type Error = String;

    fn try_from(n: i64) -> Result<Self, Self::Error> {
        u16::try_from(n)
            .ok()
            .and_then(Port::new)
            .ok_or_else(|| not_a_port(&n.to_string()))
    }
}

impl From<Port> for u16 {
    fn from(port: Port) -> u16 {
        port.get()
    }
}

impl fmt::Display for Port {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_port_is_1_to_65535_with_one_message() {
        assert_eq!("8080".parse::<Port>().map(u16::from), Ok(8080));
        assert_eq!(" 443 ".parse::<Port>().map(Port::get), Ok(443));
        for bad in ["0", "65536", "-1", "http", "", "99999999999"] {
            assert_eq!(
                bad.parse::<Port>(),
                Err(format!("`{bad}` is not a port; use 1 to 65535"))
            );
        }
        assert_eq!(
            "\u{1b}[2J".parse::<Port>(),
            Err("`\\u{1b}[2J` is not a port; use 1 to 65535".to_string())
        );
        assert_eq!(Port::try_from(0), Err(not_a_port("0")));
        assert_eq!(Port::try_from(70000), Err(not_a_port("70000")));
        assert_eq!(Port::new(0), None);
    }

    #[test]
    fn a_port_is_a_plain_integer_in_toml() {
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        struct T {
            port: Port,
        }
        let t: T = toml::from_str("port = 9000").expect("port");
        assert_eq!(t.port, Port::new(9000).expect("nonzero"));
        assert_eq!(toml::to_string(&t).expect("toml"), "port = 9000\n");
        let err = toml::from_str::<T>("port = 0").expect_err("zero");
        assert_eq!(err.message(), "`0` is not a port; use 1 to 65535");
    }
}
