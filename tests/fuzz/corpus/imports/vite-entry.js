import{a as e,b as t}from"./vendor-Bx3kq9aZ.js";import"./style-CdK2.js";export{c as d}from'../shared/util-9Xz.js';
const r=()=>import("./lazy-Route-Q1w2e3.js"),s=/import("x")/g,o=`import ${r} from "y"`;
// import "./commented.js"
/* import("./also-commented.js") */
function f(n){return n/2/import.meta.url.length}const u=new URL("./asset.png",import.meta.url);
export default import('/abs/chunk.js?v=1#x');
