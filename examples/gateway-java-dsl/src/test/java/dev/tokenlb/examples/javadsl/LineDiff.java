package dev.tokenlb.examples.javadsl;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified-style line diff of two texts (longest common subsequence), for failure messages: lines only in the first
 * start with {@code -}, lines only in the second with {@code +}, and up to {@value #CONTEXT} unchanged lines around each
 * change are kept, with their line number in the first text.
 */
final class LineDiff {

    private static final int CONTEXT = 3;

    private LineDiff() {
    }

    static String of(String expected, String actual) {
        String[] a = expected.split("\n", -1);
        String[] b = actual.split("\n", -1);
        int[][] common = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                common[i][j] = a[i].equals(b[j]) ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        List<Boolean> changed = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                lines.add(String.format("%5d   %s", i + 1, a[i]));
                changed.add(false);
                i++;
                j++;
            } else if (j < b.length && (i == a.length || common[i][j + 1] >= common[i + 1][j])) {
                lines.add("      + " + b[j++]);
                changed.add(true);
            } else {
                lines.add(String.format("%5d - %s", i + 1, a[i++]));
                changed.add(true);
            }
        }
        StringBuilder out = new StringBuilder();
        int shownUpTo = -1;
        for (int k = 0; k < lines.size(); k++) {
            if (!near(changed, k)) {
                continue;
            }
            if (shownUpTo >= 0 && k > shownUpTo + 1) {
                out.append("      ...\n");
            }
            out.append(lines.get(k)).append('\n');
            shownUpTo = k;
        }
        return out.toString();
    }

    private static boolean near(List<Boolean> changed, int k) {
        for (int d = Math.max(0, k - CONTEXT); d <= Math.min(changed.size() - 1, k + CONTEXT); d++) {
            if (changed.get(d)) {
                return true;
            }
        }
        return false;
    }
}
