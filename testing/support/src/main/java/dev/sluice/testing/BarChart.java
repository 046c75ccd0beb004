package dev.sluice.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A grouped bar chart written as plain SVG (no dependencies): one group per category, one bar per series, the value
 * printed on each bar, and optional horizontal target lines.
 */
public final class BarChart {

    private static final String[] COLOURS = {"#4878a8", "#e08a3c", "#5aa05a", "#b04a4a", "#8a6ab0"};
    private static final ChartFrame FRAME = new ChartFrame(760, 420, 70, 20, 50, 90);

    private final String title;
    private final String unit;
    private final List<String> categories;
    private final List<String> series = new ArrayList<>();
    private final List<double[]> values = new ArrayList<>();
    private final List<String> targetNames = new ArrayList<>();
    private final List<Double> targets = new ArrayList<>();

    public BarChart(String title, String unit, List<String> categories) {
        this.title = title;
        this.unit = unit;
        this.categories = categories;
    }

    /** One value per category (NaN leaves a gap). */
    public BarChart series(String name, double... perCategory) {
        if (perCategory.length != categories.size()) {
            throw new IllegalArgumentException("series " + name + " has " + perCategory.length + " values for "
                    + categories.size() + " categories");
        }
        series.add(name);
        values.add(perCategory);
        return this;
    }

    public BarChart target(String name, double value) {
        targetNames.add(name);
        targets.add(value);
        return this;
    }

    public void write(Path file) throws IOException {
        double max = 0;
        for (double[] row : values) {
            for (double v : row) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        for (double t : targets) {
            max = Math.max(max, t);
        }
        max = niceCeiling(max * 1.1);
        int plotWidth = FRAME.plotWidth();
        int plotHeight = FRAME.plotHeight();
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", FRAME.width(), FRAME.height()));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(FRAME.width() / 2.0, 24, title, "middle", 15, "bold"));
        for (int i = 0; i <= 5; i++) {
            double value = max * i / 5;
            double y = FRAME.top() + plotHeight - plotHeight * i / 5.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    FRAME.left(), y, FRAME.width() - FRAME.right(), y));
            svg.append(text(FRAME.left() - 6, y + 4, format(value), "end", 11, "normal"));
        }
        svg.append(text(16, FRAME.top() + plotHeight / 2.0, unit, "middle", 12, "normal")
                .replace("<text ", String.format(Locale.ROOT, "<text transform=\"rotate(-90 16 %.1f)\" ",
                        FRAME.top() + plotHeight / 2.0)));
        double groupWidth = (double) plotWidth / categories.size();
        double barWidth = groupWidth * 0.8 / Math.max(1, series.size());
        for (int c = 0; c < categories.size(); c++) {
            double groupX = FRAME.left() + c * groupWidth + groupWidth * 0.1;
            for (int s = 0; s < series.size(); s++) {
                double v = values.get(s)[c];
                if (Double.isNaN(v)) {
                    continue;
                }
                double h = plotHeight * v / max;
                double x = groupX + s * barWidth;
                double y = FRAME.top() + plotHeight - h;
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
                        x, y, barWidth - 2, h, COLOURS[s % COLOURS.length]));
                svg.append(text(x + barWidth / 2 - 1, y - 4, format(v), "middle", 10, "normal"));
            }
            svg.append(text(FRAME.left() + c * groupWidth + groupWidth / 2, FRAME.top() + plotHeight + 18, categories.get(c),
                    "middle", 11, "normal"));
        }
        for (int t = 0; t < targets.size(); t++) {
            double y = FRAME.top() + plotHeight - plotHeight * targets.get(t) / max;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#b00\" "
                    + "stroke-dasharray=\"6 4\"/>%n", FRAME.left(), y, FRAME.width() - FRAME.right(), y));
            svg.append(text(FRAME.width() - FRAME.right() - 4, y - 4, targetNames.get(t), "end", 10, "normal")
                    .replace("<text ", "<text fill=\"#b00\" "));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                FRAME.left(), FRAME.top() + plotHeight, FRAME.width() - FRAME.right(), FRAME.top() + plotHeight));
        double legendX = FRAME.left();
        for (int s = 0; s < series.size(); s++) {
            double y = FRAME.height() - 30;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                    legendX, y - 10, COLOURS[s % COLOURS.length]));
            svg.append(text(legendX + 16, y, series.get(s), "start", 11, "normal"));
            legendX += 30 + series.get(s).length() * 6.5;
        }
        svg.append("</svg>\n");
        Files.writeString(file, svg);
        System.out.println("wrote " + file);
    }

    private static String text(double x, double y, String content, String anchor, int size, String weight) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" "
                + "font-weight=\"%s\">%s</text>%n", x, y, anchor, size, weight, ChartFrame.escape(content));
    }


    private static String format(double v) {
        if (v >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, v >= 10 ? "%.1f" : "%.2f", v);
    }

    private static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= v) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
