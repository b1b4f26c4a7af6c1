//! The preview's transitions: selecting another line (its reason is shown) and scrolling by a page.

use crate::wizard::state::App;

impl App<'_> {
    /// Select another line; the view keeps the selected line in sight.
    pub(in crate::wizard) fn move_line(&mut self, delta: isize) {
        let count = self.line_count();
        if count == 0 {
            return;
        }
        let from = self.preview.line.unwrap_or(self.preview.scroll) as isize;
        let line = (from + delta).clamp(0, count as isize - 1) as usize;
        self.preview.line = Some(line);
        self.preview.scroll = self.preview.scroll.min(line);
    }

    /// Scroll by a page of lines; a selected line moves with the page, so the why box matches what is shown.
    pub(in crate::wizard) fn page(&mut self, delta: isize) {
        let count = self.line_count();
        if count == 0 {
            return;
        }
        let scroll = (self.preview.scroll as isize + delta).clamp(0, count as isize - 1) as usize;
        self.preview.scroll = scroll;
        if self.preview.line.is_some() {
            self.preview.line = Some(scroll);
        }
    }
}
