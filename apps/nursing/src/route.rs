//! The exam's pages, from the path.

/// A page of the exam.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ExamRoute {
    /// `/exam`: choose a topic and length.
    Choose,
    /// `/exam/attempt/{id}/question/{n}` (n from 1).
    Question { attempt: u64, number: u32 },
    /// `/exam/attempt/{id}/result`.
    Result { attempt: u64 },
    /// Anything else.
    Unknown,
}

impl ExamRoute {
    pub(crate) fn parse(path: &str) -> Self {
        let parts: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
        match parts.as_slice() {
            ["exam"] => Self::Choose,
            ["exam", "attempt", id, "question", n] => match (id.parse(), n.parse()) {
                (Ok(attempt), Ok(number)) if number >= 1 => Self::Question { attempt, number },
                _ => Self::Unknown,
            },
            ["exam", "attempt", id, "result"] => {
                id.parse().map(|attempt| Self::Result { attempt }).unwrap_or(Self::Unknown)
            }
            _ => Self::Unknown,
        }
    }

    pub(crate) fn question(attempt: u64, number: u32) -> String {
        format!("/exam/attempt/{attempt}/question/{number}")
    }

    pub(crate) fn result(attempt: u64) -> String {
        format!("/exam/attempt/{attempt}/result")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(ExamRoute::parse("/exam"), ExamRoute::Choose);
        assert_eq!(ExamRoute::parse("/exam/"), ExamRoute::Choose);
        assert_eq!(ExamRoute::parse("/exam/attempt/12/question/3"), ExamRoute::Question { attempt: 12, number: 3 });
        assert_eq!(ExamRoute::parse("/exam/attempt/12/result"), ExamRoute::Result { attempt: 12 });
        for bad in ["/exam/attempt/x/question/1", "/exam/attempt/1/question/0", "/exam/other"] {
            assert_eq!(ExamRoute::parse(bad), ExamRoute::Unknown, "{bad}");
        }
        assert_eq!(ExamRoute::parse(&ExamRoute::question(4, 2)), ExamRoute::Question { attempt: 4, number: 2 });
    }
}
