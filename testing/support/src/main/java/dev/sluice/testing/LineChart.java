package dev.sluice.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Time series over seconds written as plain SVG: lines on a left axis (e.g. messages) and a right axis (e.g.
 * environments, drawn as steps), with optional vertical markers for events.
 */
public final class LineChart {

    private static final ChartFrame FRAME = new ChartFrame(900, 420, 70, 70, 50, 80);

    private record Series(String name, String colour, boolean right, boolean step, String dash, double[] values) {
    }

    private record Marker(String label, double seconds) {
    }

    private final String title;
    private final String leftUnit;
    private final String rightUnit;
    private final double[] seconds;
    private final List<Series> series = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();

    public LineChart(String title, String leftUnit, String rightUnit, double[] seconds) {
        this.title = title;
        this.leftUnit = leftUnit;
        this.rightUnit = rightUnit;
        this.seconds = seconds.clone();
    }

    public LineChart left(String name, String colour, double[] values) {
        series.add(new Series(name, colour, false, false, null, check(values)));
        return this;
    }

    public LineChart right(String name, String colour, String dash, double[] values) {
        series.add(new Series(name, colour, true, true, dash, check(values)));
        return this;
    }

    public LineChart marker(String label, double atSeconds) {
        if (!Double.isNaN(atSeconds)) {
            markers.add(new Marker(label, atSeconds));
        }
        return this;
    }

    private double[] check(double[] values) {
        if (values.length != seconds.length) {
            throw new IllegalArgumentException("a series needs one value per time (" + seconds.length + "), given "
                    + values.length);
        }
        return values.clone();
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, svg());
        System.out.println("wrote " + file);
    }

    public String svg() {
        double plotW = FRAME.plotWidth();
        double plotH = FRAME.plotHeight();
        double tMax = niceMax(seconds.length == 0 ? 1 : seconds[seconds.length - 1]);
        double leftMax = niceMax(max(false));
        double rightMax = niceMax(max(true));
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", FRAME.width(), FRAME.height(), FRAME.width(), FRAME.height()));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                FRAME.left(), ChartFrame.escape(title)));
        for (int i = 0; i <= 4; i++) {
            double y = FRAME.top() + plotH * i / 4;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e6ec\"/>%n",
                    FRAME.left(), FRAME.left() + plotW, y, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\">%s</text>%n",
                    FRAME.left() - 6, y + 4, number(leftMax * (4 - i) / 4)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#555\">%s</text>%n",
                    FRAME.left() + plotW + 6, y + 4, number(rightMax * (4 - i) / 4)));
        }
        for (int i = 0; i <= 10; i++) {
            double x = FRAME.left() + plotW * i / 10;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#555\">%s s</text>%n",
                    x, FRAME.top() + plotH + 16, number(tMax * i / 10)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" transform=\"rotate(-90 14 %.1f)\" "
                + "text-anchor=\"middle\" fill=\"#555\">%s</text>%n", FRAME.top() + plotH / 2, FRAME.top() + plotH / 2, ChartFrame.escape(leftUnit)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" transform=\"rotate(90 %d %.1f)\" "
                        + "text-anchor=\"middle\" fill=\"#555\">%s</text>%n", FRAME.width() - 14, FRAME.top() + plotH / 2, FRAME.width() - 14,
                FRAME.top() + plotH / 2, ChartFrame.escape(rightUnit)));
        for (Marker marker : markers) {
            double x = FRAME.left() + plotW * Math.min(1, marker.seconds() / tMax);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%.1f\" stroke=\"#999\" "
                    + "stroke-dasharray=\"2 3\"/>%n", x, x, FRAME.top(), FRAME.top() + plotH));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#555\" "
                    + "transform=\"rotate(-90 %.1f %d)\" text-anchor=\"end\">%s</text>%n", x + 3, FRAME.top() + 2, x + 3, FRAME.top() + 2,
                    ChartFrame.escape(marker.label())));
        }
        for (Series s : series) {
            double axisMax = s.right() ? rightMax : leftMax;
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < seconds.length; i++) {
                double x = FRAME.left() + plotW * seconds[i] / tMax;
                double y = FRAME.top() + plotH * (1 - s.values()[i] / axisMax);
                if (s.step() && i > 0) {
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x,
                            FRAME.top() + plotH * (1 - s.values()[i - 1] / axisMax)));
                }
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"%s\"/>%n",
                    s.colour(), s.dash() == null ? "" : " stroke-dasharray=\"" + s.dash() + "\"", points.toString().trim()));
        }
        int x = FRAME.left();
        for (Series s : series) {
            String label = s.name() + (s.right() ? " (right)" : "");
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"3\"%s/>%n", x, x + 18, FRAME.height() - 22, FRAME.height() - 22, s.colour(),
                    s.dash() == null ? "" : " stroke-dasharray=\"" + s.dash() + "\""));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", x + 24, FRAME.height() - 18,
                    ChartFrame.escape(label)));
            x += 34 + label.length() * 7;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private double max(boolean right) {
        double max = 1;
        for (Series s : series) {
            if (s.right() == right) {
                for (double v : s.values()) {
                    if (!Double.isNaN(v)) {
                        max = Math.max(max, v);
                    }
                }
            }
        }
        return max;
    }

    /** A round axis end whose four or ten steps stay readable: 1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8 times 10^n. */
    private static double niceMax(double value) {
        for (double power = 1; ; power *= 10) {
            for (double step : new double[] {1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10}) {
                if (value <= step * power) {
                    return step * power;
                }
            }
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
