/** Id of the `<script type="application/json">` block that carries the data in the HTML report. */
export const DATA_ELEMENT_ID = 'preview-data';
