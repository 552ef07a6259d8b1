//! Pseudo-random Chinese news text from a small vocabulary written for this project.

/// A small, fast, seeded generator (SplitMix64): test data only, not cryptography.
pub struct Rng(u64);

const SUBJECTS: &[&str] = &[
    "市政府",
    "市统计局",
    "交通运输部门",
    "防汛指挥部",
    "文化和旅游局",
    "教育部门",
    "卫生健康委员会",
    "市场监管局",
    "各区各部门",
    "街道社区",
];
const VERBS: &[&str] = &[
    "召开专题会议",
    "发布最新数据",
    "部署下一步工作",
    "开展专项检查",
    "推进重点项目",
    "加强协调配合",
    "落实各项措施",
    "听取情况汇报",
];
const OBJECTS: &[&str] = &[
    "秋汛防御工作",
    "城市更新计划",
    "公共交通线路",
    "居民就业服务",
    "中小企业发展",
    "文化惠民活动",
    "校园安全管理",
    "食品安全监测",
    "老旧小区改造",
    "绿色低碳转型",
];
const ADVERBS: &[&str] = &["进一步", "全面", "扎实", "持续", "稳步", "加快"];
const SECTIONS: &[&str] = &["滨江日报", "城市晚报", "财经周刊"];
const CHANNELS: &[&str] = &["本地", "经济", "交通", "文化", "教育", "民生"];
const TAGS: &[&str] = &["会议", "数据", "政策", "项目", "服务", "安全"];
const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "黄"];
const GIVEN: &[&str] = &["明", "丽", "建国", "晓东", "雨晴", "思远", "小敏", "志强"];

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len() as u64) as usize]
    }

    /// A short phrase.
    pub fn phrase(&mut self) -> String {
        format!("{}{}", self.pick(ADVERBS), self.pick(OBJECTS))
    }

    /// `n` sentences.
    pub fn sentences(&mut self, n: usize) -> String {
        let mut s = String::new();
        for _ in 0..n {
            s.push_str(&format!(
                "{}{}，{}{}，{}。",
                self.pick(SUBJECTS),
                self.pick(VERBS),
                self.pick(ADVERBS),
                self.pick(OBJECTS),
                self.phrase()
            ));
        }
        s
    }

    /// A headline.
    pub fn title(&mut self) -> String {
        format!(
            "{}{}，{}{}",
            self.pick(SUBJECTS),
            self.pick(VERBS),
            self.pick(ADVERBS),
            self.pick(OBJECTS)
        )
    }

    /// A caption.
    pub fn caption(&mut self) -> String {
        format!("图为{}现场（资料图）", self.pick(OBJECTS))
    }

    /// A newspaper section and channel.
    pub fn channel(&mut self) -> (&'static str, &'static str) {
        (self.pick(SECTIONS), self.pick(CHANNELS))
    }

    /// A tag.
    pub fn tag(&mut self) -> &'static str {
        self.pick(TAGS)
    }

    /// A person's name.
    pub fn name(&mut self) -> String {
        format!("{}{}", self.pick(SURNAMES), self.pick(GIVEN))
    }
}

/// An RFC 2822 date in GMT, as RSS archives write them.
pub fn rfc2822(unix: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
        DAYS[days.rem_euclid(7) as usize],
        d,
        MONTHS[(m - 1) as usize],
        y,
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Days since 1970-01-01 to (year, month, day): Howard Hinnant's algorithm.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_rfc2822() {
        assert_eq!(rfc2822(1_635_062_127), "Sun, 24 Oct 2021 07:55:27 GMT");
        assert_eq!(rfc2822(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    }
}
