package dev.sluice.testing;

/** The page of an SVG chart (its size and the margins around the plot) and the text escaping both charts need. */
record ChartFrame(int width, int height, int left, int right, int top, int bottom) {

    int plotWidth() {
        return width - left - right;
    }

    int plotHeight() {
        return height - top - bottom;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
