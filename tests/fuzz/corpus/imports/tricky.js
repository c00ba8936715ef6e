x = a / b / import("./div.js"); if (c) /re[/]/.test(d) ; label: { } /import("./re.js")/
var s = '\'import("./q.js")'; var t = `${`${import("./nested.js")}`}`;
import * as ns from "%2e%2e/%2e%2e/escape.js"; import {x} from "./a%20b.js";
